package io.latentlab.deploy;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The topic constants of services/lib/pipeline-kit/.../Topics.java, read from the source (no build of the kit needed). */
final class TopicNames {

    static final String SOURCE = "services/lib/pipeline-kit/src/main/java/io/latentlab/kit/Topics.java";
    private static final Pattern CONSTANT = Pattern.compile("public static final String (\\w+) = \"([^\"]+)\";");

    private TopicNames() {
    }

    /** Constant name -> topic name. */
    static Map<String, String> all() {
        Map<String, String> topics = new TreeMap<>();
        Matcher m = CONSTANT.matcher(Repo.read(SOURCE));
        while (m.find()) {
            topics.put(m.group(1), m.group(2));
        }
        if (topics.isEmpty()) {
            throw new IllegalStateException("no topic constants found in " + SOURCE);
        }
        return topics;
    }
}
