package io.latentlab.kit.codec;

import com.google.protobuf.MessageLite;

import org.apache.kafka.common.serialization.Serializer;

/** Writes any protobuf message as binary; {@code null} stays {@code null} (a tombstone). */
public final class ProtobufSerializer<T extends MessageLite> implements Serializer<T> {

    public ProtobufSerializer() {
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : data.toByteArray();
    }
}
