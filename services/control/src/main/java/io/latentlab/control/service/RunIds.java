package io.latentlab.control.service;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Run ids as the launcher makes them ({@code <profile>-yyyyMMdd-HHmmss-<4 hex>}) and data-prep accepts them. */
public final class RunIds {

    /** data-prep's rule (RunRequestValidator): ids end up in S3 keys and URLs. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    public static String newRunId(String profile) {
        String prefix = profile == null ? "" : profile.replaceAll("[^A-Za-z0-9._-]", "");
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
        return runId != null && VALID.matcher(runId).matches();
    }
}
