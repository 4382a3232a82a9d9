package io.latentlab.kit.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import io.latentlab.proto.RunRequest;

/**
 * Run requests arrive as binary protobuf (services) or as one line of the protobuf JSON mapping
 * (kcat, curl). Both decode strictly: unknown fields are errors, so typos are not silently dropped.
 * A payload longer than {@link #MAX_BYTES} is refused before it is parsed (a JSON tree takes many times
 * its text in memory); protobuf's and Gson's nesting limits bound the recursion.
 */
public final class RunRequestCodec {

    /**
     * 64 KiB: a run request is a few hundred bytes (digits, split sizes, a handful of reducers and
     * architectures), so this leaves room for any real one while bounding the parse.
     */
    public static final int MAX_BYTES = 64 * 1024;

    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private RunRequestCodec() {
    }

    public static RunRequest decode(byte[] payload) {
        if (payload == null) {
            throw new MalformedMessageException("empty run request payload");
        }
        if (payload.length > MAX_BYTES) {
            throw new MalformedMessageException("run request is " + payload.length + " bytes; the limit is "
                    + MAX_BYTES);
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
        requireNoUnknownFields(request, "");
        return request;
    }

    /** Unknown fields anywhere in the tree, not only at its root: the JSON mapping would drop them silently. */
    private static void requireNoUnknownFields(Message message, String path) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw new MalformedMessageException("run request has unknown protobuf fields "
                    + message.getUnknownFields().asMap().keySet() + (path.isEmpty() ? "" : " in " + path)
                    + " (not a RunRequest, or from a newer schema)");
        }
        // RunRequest's messages do not nest themselves: this goes two levels deep
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String name = (path.isEmpty() ? "" : path + ".") + field.getKey().getName();
            if (field.getKey().isRepeated()) {
                List<?> elements = (List<?>) field.getValue();
                for (int i = 0; i < elements.size(); i++) {
                    requireNoUnknownFields((Message) elements.get(i), name + "[" + i + "]");
                }
            } else {
                requireNoUnknownFields((Message) field.getValue(), name);
            }
        }
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
