package io.latentlab.stack.container;

import io.latentlab.stack.EmbeddedKafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stand-in's kafka-topics.sh and health check, as docker-compose.yml's kafka-init and kafka use them. */
class KafkaToolsMainTest {

    @TempDir
    Path dir;

    @Test
    void healthCheckPassesAndTopicsAreCreatedOnceAndListed() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            String bootstrap = kafka.bootstrapServers();

            assertThat(KafkaToolsMain.run(new String[] {"api-versions", "--bootstrap-server", bootstrap})).isZero();
            String[] create = {"topics", "--bootstrap-server", bootstrap, "--create", "--if-not-exists",
                    "--topic", "latentlab.tools-test", "--partitions", "4", "--replication-factor", "1"};
            assertThat(KafkaToolsMain.run(create)).isZero();
            assertThat(KafkaToolsMain.run(create)).as("--if-not-exists on an existing topic").isZero();
            assertThatThrownBy(() -> KafkaToolsMain.run(new String[] {"topics", "--bootstrap-server", bootstrap,
                    "--create", "--topic", "latentlab.tools-test"}))
                    .as("without --if-not-exists an existing topic is an error")
                    .isInstanceOf(ExecutionException.class);

            assertThat(stdout(() -> KafkaToolsMain.run(new String[] {"topics", "--bootstrap-server", bootstrap, "--list"})))
                    .contains("latentlab.tools-test");
        }
    }

    @Test
    void aMissingBootstrapServerIsAUsageError() {
        assertThatThrownBy(() -> KafkaToolsMain.run(new String[] {"topics", "--list"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap-server");
    }

    private interface Call {
        int run() throws Exception;
    }

    private static String stdout(Call call) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(call.run()).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
