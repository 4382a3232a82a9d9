package io.latentlab.kit.codec;

import io.latentlab.proto.ClassifierJob;

public final class ClassifierJobDeserializer extends ProtobufDeserializer<ClassifierJob> {

    public ClassifierJobDeserializer() {
        super(ClassifierJob.parser(), "ClassifierJob");
    }
}
