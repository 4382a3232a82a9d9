package io.latentlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one registry of the system tools the tests need ({@value #REGISTRY}, which {@code ./latentlab test}
 * installs with apt-get) and a scanner that finds the binaries a test source starts or looks up.
 */
final class TestTools {

    static final String REGISTRY = "deploy/local/test-tools.txt";

    /** One line of the registry: an absolute path or a command name on PATH, its Debian package, who needs it. */
    record Entry(String tool, String aptPackage, String neededBy) {

        /** The command name: the file name of an absolute path. */
        String name() {
            return tool.substring(tool.lastIndexOf('/') + 1);
        }
    }

    /** A binary a source looks up: an absolute path or a command name, and the apt package it names (Tool.run), if any. */
    record Lookup(String binary, Optional<String> aptPackage, String where) {
    }

    /** What the scanner found in one or more sources: the lookups, and the call sites whose binary it cannot tell. */
    record Scan(List<Lookup> lookups, List<String> unresolved) {
    }

    /**
     * Command names that are tools whenever a test source has them as a whole string literal, however it
     * then runs them (a helper, a variable, a shell line). Not words that are also manifest keys or
     * subcommands ("kind", "kustomize", "node", "mc").
     */
    static final Set<String> KNOWN_TOOLS = Set.of("kcat", "kafkacat", "prometheus", "kubectl", "helm", "minikube",
            "k3d", "docker", "docker-compose", "podman", "buildah", "skopeo", "chromium", "chromedriver",
            "google-chrome", "firefox", "geckodriver", "npm", "npx", "yarn", "curl", "wget", "jq", "yq", "git",
            "psql", "redis-cli", "python3", "sha256sum", "unzip", "bash", "java", "mvn");

    private static final Pattern ABSOLUTE_BINARY = Pattern.compile("(?<!\\\\)\"(/(?:usr/(?:local/)?)?s?bin/[^\"\\\\\\s]+)\"");
    private static final Pattern LITERAL = Pattern.compile("(?<!\\\\)\"([^\"\\\\\\s]+)\"");
    /** new ProcessBuilder(, .command(, Runtime.exec(, with the opening of a List.of( or String[] { of arguments. */
    private static final Pattern PROCESS_CALL = Pattern.compile(
            "(?:new\\s+ProcessBuilder|\\.command|Runtime\\.getRuntime\\(\\)\\s*\\.exec)\\s*\\(\\s*"
                    + "(?:List\\.of\\(|Arrays\\.asList\\(|new\\s+String\\s*\\[\\s*]\\s*\\{)?");
    /** The deploy-tests helper: Tool.run("apt package", "binary", args...). */
    private static final Pattern TOOL_RUN = Pattern.compile("\\bTool\\.run\\(");
    private static final Pattern NO_ARGUMENT = Pattern.compile("\\s*[)}]");
    /** One argument: a string literal (group 1) or a name (group 2) with optional no-argument calls (X.toString()). */
    private static final Pattern ARGUMENT = Pattern.compile(
            "\\s*(?:\"([^\"\\\\]*)\"|([A-Za-z_$][\\w$]*)(?:\\s*\\.\\s*\\w+\\(\\))*)\\s*([,)}])");
    private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]*)\"");

    private TestTools() {
    }

    /** The registry, tool -> entry, in file order. */
    static Map<String, Entry> registry() {
        return parse(Repo.read(REGISTRY));
    }

    static Map<String, Entry> parse(String registry) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : registry.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+", 3);
            if (fields.length < 3) {
                throw new IllegalStateException(REGISTRY + ": expected <binary> <debian package> <who needs it>: " + line);
            }
            if (entries.put(fields[0], new Entry(fields[0], fields[1], fields[2])) != null) {
                throw new IllegalStateException(REGISTRY + ": " + fields[0] + " is listed twice");
            }
        }
        return entries;
    }

    /** True if the registry makes this binary (an absolute path, or a command name on PATH) available. */
    static boolean covers(Map<String, Entry> registry, String binary) {
        if (binary.startsWith("/")) {
            return registry.containsKey(binary);
        }
        return registry.values().stream().anyMatch(e -> e.name().equals(binary));
    }

    /** The registry entry that provides this binary. */
    static Optional<Entry> entryFor(Map<String, Entry> registry, String binary) {
        return registry.values().stream()
                .filter(e -> binary.startsWith("/") ? e.tool().equals(binary) : e.name().equals(binary))
                .findFirst();
    }

    /** The binaries one Java source looks up. */
    static Scan scan(String where, String source) {
        List<Lookup> lookups = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        Matcher m = ABSOLUTE_BINARY.matcher(source);
        while (m.find()) {
            lookups.add(new Lookup(m.group(1), Optional.empty(), where));
        }
        m = LITERAL.matcher(source);
        while (m.find()) {
            if (KNOWN_TOOLS.contains(m.group(1))) {
                lookups.add(new Lookup(m.group(1), Optional.empty(), where));
            }
        }
        m = PROCESS_CALL.matcher(source);
        while (m.find()) {
            if (NO_ARGUMENT.matcher(source).region(m.end(), source.length()).lookingAt()) {
                continue; // new ProcessBuilder() then .command(...): the .command call is matched on its own
            }
            Optional<String> binary = argument(source, m.end()).flatMap(a -> resolve(source, a));
            if (binary.isPresent()) {
                lookups.add(new Lookup(binary.get(), Optional.empty(), where));
            } else {
                unresolved.add(where + ": " + callSite(source, m.start()));
            }
        }
        m = TOOL_RUN.matcher(source);
        while (m.find()) {
            Matcher first = ARGUMENT.matcher(source).region(m.end(), source.length());
            Optional<String> aptPackage = Optional.empty();
            Optional<String> binary = Optional.empty();
            if (first.lookingAt() && first.group(3).equals(",")) {
                aptPackage = argument(source, m.end()).flatMap(a -> resolve(source, a));
                binary = argument(source, first.end()).flatMap(a -> resolve(source, a));
            }
            if (binary.isPresent()) {
                lookups.add(new Lookup(binary.get(), aptPackage, where));
            } else {
                unresolved.add(where + ": " + callSite(source, m.start()));
            }
        }
        return new Scan(lookups, unresolved);
    }

    /** The argument that starts at this offset, as a Java expression ("literal" or NAME), if it is one of those. */
    private static Optional<String> argument(String source, int offset) {
        Matcher a = ARGUMENT.matcher(source).region(offset, source.length());
        if (!a.lookingAt()) {
            return Optional.empty();
        }
        return Optional.of(a.group(1) != null ? "\"" + a.group(1) + "\"" : a.group(2));
    }

    /**
     * The binary an argument names: a string literal (its first word: Runtime.exec takes a whole command
     * line), or a constant of the same source initialised from a literal (Path X = Path.of("/usr/bin/x")).
     */
    private static Optional<String> resolve(String source, String expression) {
        String value = null;
        if (expression.startsWith("\"")) {
            value = expression.substring(1, expression.length() - 1);
        } else {
            Matcher initialiser = Pattern.compile("\\b" + Pattern.quote(expression) + "\\s*=\\s*([^;]*);").matcher(source);
            if (initialiser.find()) {
                Matcher literal = STRING.matcher(initialiser.group(1));
                value = literal.find() ? literal.group(1) : null;
            }
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip().split("\\s+")[0]);
    }

    private static String callSite(String source, int start) {
        int end = source.indexOf('\n', start);
        return source.substring(start, end < 0 ? source.length() : end).strip();
    }

    /** Every Java test source of the repository: src/test/java of every module, and test-support's own code. */
    static List<Path> testSources() {
        List<Path> sources = new ArrayList<>();
        try {
            Files.walkFileTree(Repo.ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName().toString();
                    boolean skip = !dir.equals(Repo.ROOT)
                            && (name.startsWith(".") || name.equals("target") || name.equals("node_modules"));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String relative = Repo.ROOT.relativize(file).toString().replace('\\', '/');
                    if (relative.endsWith(".java") && (relative.contains("/src/test/java/")
                            || relative.startsWith("services/lib/test-support/src/main/java/"))) {
                        sources.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sources.sort(null);
        return sources;
    }
}
