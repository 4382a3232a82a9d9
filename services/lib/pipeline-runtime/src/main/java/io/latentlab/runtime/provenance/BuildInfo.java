package io.latentlab.runtime.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The code version the services were built from: the git commit (12 hex digits) with "-dirty" when the
 * working tree had uncommitted changes, written at build time by the git-commit-id plugin into
 * {@code git.properties} beside this class. A build outside a git clone has no commit: "unknown".
 */
public final class BuildInfo {

    static final String RESOURCE = "git.properties";
    public static final String UNKNOWN = "unknown";

    private static final BuildInfo CURRENT = load();

    private final String commit;
    private final String fullCommit;
    private final boolean dirty;

    BuildInfo(String commit, String fullCommit, boolean dirty) {
        this.commit = commit;
        this.fullCommit = fullCommit;
        this.dirty = dirty;
    }

    public static BuildInfo current() {
        return CURRENT;
    }

    /** "3f2a9c1d0b7e", "3f2a9c1d0b7e-dirty" or "unknown". */
    public String codeVersion() {
        return commit.isEmpty() ? UNKNOWN : commit + (dirty ? "-dirty" : "");
    }

    public String fullCommit() {
        return fullCommit.isEmpty() ? UNKNOWN : fullCommit;
    }

    public boolean dirty() {
        return dirty;
    }

    static BuildInfo from(Properties properties) {
        return new BuildInfo(properties.getProperty("git.commit.id.abbrev", "").trim(),
                properties.getProperty("git.commit.id.full", "").trim(),
                Boolean.parseBoolean(properties.getProperty("git.dirty", "false").trim()));
    }

    private static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return from(properties);
    }
}
