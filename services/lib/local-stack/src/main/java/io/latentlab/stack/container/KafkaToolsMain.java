package io.latentlab.stack.container;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The two Kafka scripts docker-compose.yml runs, in the Kafka stand-in image: {@code kafka-topics.sh} (the
 * {@code kafka-init} one-off: --create [--if-not-exists] --topic --partitions --replication-factor, --list) and
 * {@code kafka-broker-api-versions.sh} (the broker's health check: exits 0 once the broker answers).
 */
public final class KafkaToolsMain {

    private static final Set<String> FLAGS = Set.of("--create", "--if-not-exists", "--list");

    private KafkaToolsMain() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("error: " + e);
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("topics") || args[0].equals("api-versions"))) {
            throw new IllegalArgumentException("usage: kafka-tools topics|api-versions --bootstrap-server HOST:PORT ...");
        }
        Map<String, String> options = options(args);
        String bootstrap = options.get("--bootstrap-server");
        if (bootstrap == null) {
            throw new IllegalArgumentException("--bootstrap-server is required");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000))) {
            if (args[0].equals("api-versions")) {
                // a KRaft broker answers before it has registered itself; healthy means topics can be created
                Collection<Node> nodes = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS);
                System.out.println(nodes);
                return nodes.isEmpty() ? 1 : 0;
            }
            if (options.containsKey("--list")) {
                new TreeSet<>(admin.listTopics().names().get(15, TimeUnit.SECONDS)).forEach(System.out::println);
                return 0;
            }
            if (!options.containsKey("--create")) {
                throw new IllegalArgumentException("kafka-topics: only --create and --list are supported");
            }
            return create(admin, options);
        }
    }

    private static int create(Admin admin, Map<String, String> options) throws Exception {
        String topic = options.get("--topic");
        if (topic == null) {
            throw new IllegalArgumentException("--create needs --topic");
        }
        NewTopic newTopic = new NewTopic(topic, Integer.parseInt(options.getOrDefault("--partitions", "1")),
                Short.parseShort(options.getOrDefault("--replication-factor", "1")));
        // like the real tool, one try: docker-compose.yml's kafka-init tries again while the broker starts up
        try {
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            System.out.println("Created topic " + topic + ".");
            return 0;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException && options.containsKey("--if-not-exists")) {
                return 0;
            }
            throw e;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        for (int i = 0; i < rest.size(); i++) {
            String flag = rest.get(i);
            if (FLAGS.contains(flag)) {
                options.put(flag, "");
            } else if (flag.startsWith("--") && i + 1 < rest.size()) {
                options.put(flag, rest.get(++i));
            } else {
                throw new IllegalArgumentException("unexpected argument " + flag);
            }
        }
        return options;
    }
}
