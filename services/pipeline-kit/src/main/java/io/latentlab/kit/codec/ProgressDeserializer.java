package io.latentlab.kit.codec;

import io.latentlab.proto.Progress;

public final class ProgressDeserializer extends ProtobufDeserializer<Progress> {

    public ProgressDeserializer() {
        super(Progress.parser(), "Progress");
    }
}
