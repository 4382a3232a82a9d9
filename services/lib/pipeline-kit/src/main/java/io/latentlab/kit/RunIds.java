package io.latentlab.kit;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The run-id rule and the run-id generator, for everyone: data-prep accepts a run by this rule, control and the
 * model server check path segments with it, and control and the launcher make ids with {@link #newRunId}
 * ({@code <profile>-yyyyMMdd-HHmmss-<4 hex>}). A run id becomes S3 keys ({@code runs/<runId>/}), local directories
 * and URL segments, so it starts with a letter or digit, holds only letters, digits, '.', '_' and '-', and is at
 * most 64 characters; '.' and '..' (which the first-character rule already excludes) never are.
 */
public final class RunIds {

    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String RULE = "runId must be 1-64 characters of letters, digits, '.', '_' or '-', "
            + "starting with a letter or digit";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    /** A new id that is {@link #valid} whatever the profile (its unsafe characters dropped, "run" if none is left). */
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
