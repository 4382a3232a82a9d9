package io.latentlab.kit.codec;

import java.nio.charset.StandardCharsets;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import io.latentlab.proto.RunRequest;

/**
 * Run requests arrive as binary protobuf (services) or as one line of the protobuf JSON mapping
 * (kcat, curl). Both decode strictly: unknown fields are errors, so typos are not silently dropped.
 */
public final class RunRequestCodec {

    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private RunRequestCodec() {
    }

    public static RunRequest decode(byte[] payload) {
        if (payload == null) {
            throw new MalformedMessageException("empty run request payload");
        }
        int first = firstNonWhitespace(payload);
        if (first < 0) {
            throw new MalformedMessageException("empty run request payload");
        }
        if (payload[first] != '{') {
            return decodeBinary(payload);
        }
        try {
            return decodeJson(payload);
        } catch (MalformedMessageException jsonError) {
            // a binary message whose first byte is whitespace-like (0x0A = field 1) may still be valid
            if (first > 0) {
                try {
                    return decodeBinary(payload);
                } catch (MalformedMessageException ignored) {
                    // report the JSON problem: the payload looked like JSON
                }
            }
            throw jsonError;
        }
    }

    /** One-line protobuf JSON. */
    public static String toJson(MessageOrBuilder message) {
        try {
            return JSON_PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static RunRequest decodeJson(byte[] payload) {
        String json = new String(payload, StandardCharsets.UTF_8);
        RunRequest.Builder builder = RunRequest.newBuilder();
        try {
            JSON_PARSER.merge(json, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new MalformedMessageException("invalid run request JSON: " + e.getMessage(), e);
        }
        return builder.build();
    }

    private static RunRequest decodeBinary(byte[] payload) {
        RunRequest request;
        try {
            request = RunRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("run request is neither JSON nor binary protobuf: " + e.getMessage(), e);
        }
        if (!request.getUnknownFields().asMap().isEmpty()) {
            throw new MalformedMessageException("run request has unknown protobuf fields "
                    + request.getUnknownFields().asMap().keySet() + " (not a RunRequest, or from a newer schema)");
        }
        return request;
    }

    private static int firstNonWhitespace(byte[] payload) {
        for (int i = 0; i < payload.length; i++) {
            byte b = payload[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return i;
            }
        }
        return -1;
    }
}
