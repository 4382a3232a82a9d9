package io.latentlab.control.service;

import io.latentlab.kit.store.StoreKeys;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Run ids as the launcher makes them ({@code <profile>-yyyyMMdd-HHmmss-<4 hex>}) and as data-prep accepts
 * them (RunRequestValidator): they become S3 keys ({@code runs/<runId>/}), local directories and URL
 * segments, so they start with a letter or digit, hold only letters, digits, '.', '_' and '-', and are
 * at most 64 characters; '.' and '..' (which the first-character rule already excludes) never are.
 */
public final class RunIds {

    public static final Pattern VALID = StoreKeys.RUN_ID;
    public static final String RULE = StoreKeys.RUN_ID_RULE;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    public static String newRunId(String profile) {
        String prefix = profile == null ? "" : profile.replaceAll("[^A-Za-z0-9._-]", "").replaceFirst("^[._-]+", "");
        if (prefix.isEmpty()) {
            prefix = "run";
        }
        if (prefix.length() > 40) {
            prefix = prefix.substring(0, 40);
        }
        byte[] suffix = new byte[2];
        RANDOM.nextBytes(suffix);
        return prefix + "-" + LocalDateTime.now().format(STAMP) + "-" + HexFormat.of().formatHex(suffix);
    }

    public static boolean valid(String runId) {
        return runId != null && VALID.matcher(runId).matches() && !runId.equals(".") && !runId.equals("..");
    }
}
