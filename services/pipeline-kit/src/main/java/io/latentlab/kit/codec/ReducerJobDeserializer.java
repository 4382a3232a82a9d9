package io.latentlab.kit.codec;

import io.latentlab.proto.ReducerJob;

public final class ReducerJobDeserializer extends ProtobufDeserializer<ReducerJob> {

    public ReducerJobDeserializer() {
        super(ReducerJob.parser(), "ReducerJob");
    }
}
