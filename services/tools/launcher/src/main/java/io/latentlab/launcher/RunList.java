package io.latentlab.launcher;

import io.latentlab.kit.Topics;
import io.latentlab.kit.replay.TopicReplay;
import io.latentlab.proto.RunEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every run on the run-events topic with its latest state, oldest first (./latentlab status). */
final class RunList {

    private RunList() {
    }

    static void print(LauncherConfig config, PrintStream out) {
        Map<String, String[]> runs = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = TopicReplay.consumer(config.bootstrapServers())) {
            List<TopicPartition> partitions = TopicReplay.assignFromBeginning(consumer, Duration.ofSeconds(10), Topics.RUN_EVENTS);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    note(runs, record.value());
                }
            }
        }
        out.printf("%-32s %-10s %-24s %s%n", "RUN", "STATUS", "SINCE", "DETAIL");
        runs.forEach((runId, state) -> out.printf("%-32s %-10s %-24s %s%n", runId, state[0], state[1], state[2]));
        if (runs.isEmpty()) {
            out.println("(no runs yet)");
        }
    }

    private static void note(Map<String, String[]> runs, byte[] value) {
        try {
            RunEvent event = RunEvent.parseFrom(value);
            String since = Instant.ofEpochMilli(event.getTimestampMs()).toString();
            String[] state = switch (event.getKindCase()) {
                case ACCEPTED -> new String[]{"RUNNING", since, event.getAccepted().getClassifierJobs() + " classifier jobs"
                        + (event.getAccepted().getAttempt() > 1 ? ", attempt " + event.getAccepted().getAttempt() : "")};
                case REJECTED -> new String[]{"REJECTED", since, String.join("; ", event.getRejected().getReasonsList())};
                case FAILED -> new String[]{"FAILED", since, RunWatcher.describe(event.getFailed())
                        + " (./latentlab retry " + event.getRunId() + ")"};
                case CANCELLED -> new String[]{"CANCELLED", since, event.getCancelled().getReason()};
                case COMPLETED -> new String[]{"COMPLETED", since, event.getCompleted().getReportHtml().getKey()};
                default -> null;
            };
            if (state != null) {
                String[] previous = runs.get(event.getRunId());
                // a terminal state stays (a redelivered acceptance does not reopen a finished run), but a
                // retry (a later attempt's acceptance) reopens a failed one
                boolean retried = event.hasAccepted() && event.getAccepted().getAttempt() > 1;
                if (previous == null || previous[0].equals("RUNNING") || retried && !previous[0].equals("COMPLETED")) {
                    runs.put(event.getRunId(), state);
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            // not a run event
        }
    }
}
