package io.latentlab.kit.codec;

import io.latentlab.proto.RunEvent;

public final class RunEventDeserializer extends ProtobufDeserializer<RunEvent> {

    public RunEventDeserializer() {
        super(RunEvent.parser(), "RunEvent");
    }
}
