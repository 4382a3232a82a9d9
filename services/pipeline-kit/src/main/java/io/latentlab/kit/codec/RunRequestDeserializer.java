package io.latentlab.kit.codec;

import io.latentlab.proto.RunRequest;

/** Accepts binary protobuf and one-line JSON, like {@link RunRequestCodec}. */
public final class RunRequestDeserializer extends ProtobufDeserializer<RunRequest> {

    public RunRequestDeserializer() {
        super(RunRequest.parser(), "RunRequest");
    }

    @Override
    protected RunRequest decode(byte[] data) {
        return RunRequestCodec.decode(data);
    }
}
