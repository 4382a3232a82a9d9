package io.latentlab.kit.codec;

import io.latentlab.proto.ClassifierResult;

public final class ClassifierResultDeserializer extends ProtobufDeserializer<ClassifierResult> {

    public ClassifierResultDeserializer() {
        super(ClassifierResult.parser(), "ClassifierResult");
    }
}
