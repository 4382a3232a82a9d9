package io.latentlab.kit.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

/** Binary protobuf decoding of the events stages exchange. */
public final class EventCodec {

    private EventCodec() {
    }

    /**
     * Parses {@code payload} with {@code parser}; {@code what} names the expected type in errors.
     * Empty payloads are rejected: protobuf would read them as an all-default message.
     */
    public static <T extends MessageLite> T decode(byte[] payload, Parser<T> parser, String what) {
        if (payload == null || payload.length == 0) {
            throw new MalformedMessageException("empty payload where a " + what + " was expected");
        }
        try {
            return parser.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("not a binary " + what + " (" + payload.length + " bytes): "
                    + e.getMessage(), e);
        }
    }
}
