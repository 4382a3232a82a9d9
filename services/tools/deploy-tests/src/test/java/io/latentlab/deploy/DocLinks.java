package io.latentlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the references of a repository's documentation that lead nowhere: a relative Markdown link whose file does not
 * exist, an anchor that no heading of its target gives, and a doc page (with or without a quoted heading) or a README
 * heading cited in code, configuration, scripts or tests that does not exist. Each problem names the file, the line
 * and the reference.
 */
final class DocLinks {

    /** {@code [text](target)}; images too. Autolinks ({@code <http://...>}) are not relative links. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");
    /** A page under docs/ as cited from anywhere, optionally followed by a quoted heading of it. */
    private static final Pattern DOC_CITATION = Pattern.compile("docs/([\\w-]+\\.md)(?:,? \"([^\"\\n]+)\")?");
    /** A README heading cited by name: the word README, then the heading in double quotes. */
    private static final Pattern README_CITATION = Pattern.compile("README(?:\\.md)?,? \"([^\"\\n]+)\"");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", ".latentlab", "runs");
    private static final long MAX_SCANNED_BYTES = 1 << 20;

    private final Path root;
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    DocLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Every broken reference of the repository, as "file:line: what". */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Path file : files()) {
            String text = read(file);
            if (text == null) {
                continue;
            }
            if (file.getFileName().toString().endsWith(".md")) {
                problems.addAll(brokenLinks(file, text));
            }
            problems.addAll(brokenCitations(file, text));
        }
        return problems;
    }

    /** Every line outside docs/ that mentions one of {@code needles}, as "file:line: the line". */
    List<String> mentionsOutsideDocs(List<String> needles) {
        List<String> found = new ArrayList<>();
        for (Path file : files()) {
            String text = root.relativize(file).startsWith("docs") ? null : read(file);
            if (text == null) {
                continue;
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String needle : needles) {
                    if (lines[i].contains(needle)) {
                        found.add(where(file, i + 1) + lines[i].strip());
                    }
                }
            }
        }
        return found;
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped (but '-' and '_'), spaces as '-'. */
    static String slug(String heading) {
        String plain = heading.replaceAll("`", "").replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The headings of a Markdown text outside fenced code blocks. */
    static List<String> headings(String markdown) {
        List<String> headings = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                headings.add(m.group(1));
            }
        }
        return headings;
    }

    private List<String> brokenLinks(Path file, String text) {
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(lines[i].replaceAll("`[^`]*`", ""));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                int hash = target.indexOf('#');
                String pathPart = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = pathPart.isEmpty() ? file : file.getParent().resolve(pathPart).normalize();
                String where = where(file, i + 1);
                if (!resolved.startsWith(root) || !Files.exists(resolved)) {
                    problems.add(where + "link to " + target + ": no file " + pathPart);
                } else if (anchor != null && !anchorsOf(resolved).contains(anchor)) {
                    problems.add(where + "link to " + target + ": no heading #" + anchor + " in " + root.relativize(resolved));
                }
            }
        }
        return problems;
    }

    private List<String> brokenCitations(Path file, String text) {
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean markdown = file.getFileName().toString().endsWith(".md");
        for (int i = 0; i < lines.length; i++) {
            // a Markdown link's target is checked as a link, not as a citation
            String line = markdown ? lines[i].replaceAll("]\\([^)]*\\)", "]") : lines[i];
            Matcher doc = DOC_CITATION.matcher(line);
            while (doc.find()) {
                Path page = root.resolve("docs").resolve(doc.group(1));
                if (!Files.isRegularFile(page)) {
                    problems.add(where(file, i + 1) + "cites docs/" + doc.group(1) + ", which does not exist");
                } else if (doc.group(2) != null && !headingsOf(page).contains(doc.group(2))) {
                    problems.add(where(file, i + 1) + "cites docs/" + doc.group(1) + " \"" + doc.group(2)
                            + "\", a heading it does not have");
                }
            }
            Matcher readme = README_CITATION.matcher(line);
            while (readme.find()) {
                Path page = root.resolve("README.md");
                if (!Files.isRegularFile(page) || !headingsOf(page).contains(readme.group(1))) {
                    problems.add(where(file, i + 1) + "cites README \"" + readme.group(1) + "\", a heading it does not have");
                }
            }
        }
        return problems;
    }

    private Set<String> anchorsOf(Path markdown) {
        return anchors.computeIfAbsent(markdown, p -> {
            Set<String> slugs = new LinkedHashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            for (String heading : headingsOf(p)) {
                String slug = slug(heading);
                int n = seen.merge(slug, 1, Integer::sum);
                slugs.add(n == 1 ? slug : slug + "-" + (n - 1)); // GitHub numbers repeated headings
            }
            return slugs;
        });
    }

    private List<String> headingsOf(Path markdown) {
        String text = read(markdown);
        return text == null ? List.of() : headings(text);
    }

    private String where(Path file, int line) {
        return root.relativize(file) + ":" + line + ": ";
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return SKIPPED_DIRS.contains(dir.getFileName().toString()) && !dir.equals(root)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    /** The file as UTF-8 text, or null for a large or binary file (a NUL byte), which cites nothing. */
    private static String read(Path file) {
        try {
            if (Files.size(file) > MAX_SCANNED_BYTES) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    return null;
                }
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
