package io.latentlab.kit.codec;

import java.util.Objects;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Binary protobuf deserializer; subclass it with a no-arg constructor per event type so it can be
 * named in Kafka config. Bad bytes raise {@link SerializationException} naming the topic and type.
 */
public abstract class ProtobufDeserializer<T extends MessageLite> implements Deserializer<T> {

    private final Parser<T> parser;
    private final String typeName;

    protected ProtobufDeserializer(Parser<T> parser, String typeName) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.typeName = Objects.requireNonNull(typeName, "typeName");
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decode(data);
        } catch (MalformedMessageException e) {
            throw new SerializationException("cannot deserialize " + typeName + " from topic " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    /** Decodes a non-null payload; throws {@link MalformedMessageException} when it is not a {@code T}. */
    protected T decode(byte[] data) {
        return EventCodec.decode(data, parser, typeName);
    }
}
