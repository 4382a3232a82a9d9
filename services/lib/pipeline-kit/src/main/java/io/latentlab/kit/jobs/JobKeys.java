package io.latentlab.kit.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;

/**
 * Deterministic job keys: the same stage version, config and inputs always give the same key,
 * so a redelivered or repeated job finds its outputs already stored and is skipped.
 */
public final class JobKeys {

    public static final int LENGTH = 24;

    private JobKeys() {
    }

    /** The first {@value #LENGTH} hex chars of a SHA-256 over every part, each length-prefixed. */
    public static String of(String stage, String stageVersion, Message config, String... inputHashes) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(stageVersion, "stageVersion");
        Objects.requireNonNull(config, "config");
        MessageDigest digest = Hashing.sha256();
        update(digest, utf8(stage));
        update(digest, utf8(stageVersion));
        update(digest, utf8(config.getDescriptorForType().getFullName()));
        update(digest, deterministicBytes(config));
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(inputHashes.length).array());
        for (String inputHash : inputHashes) {
            update(digest, utf8(Objects.requireNonNull(inputHash, "input hash")));
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, LENGTH);
    }

    // length prefixes keep ("ab","c") and ("a","bc") apart
    private static void update(MessageDigest digest, byte[] part) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
        digest.update(part);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // deterministic mode orders map entries; plain toByteArray() does not promise that
    private static byte[] deterministicBytes(Message config) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(config.getSerializedSize());
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            config.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize job config", e);
        }
    }
}
