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
public final class RunList {

    private RunList() {
    }

    public static void print(LauncherConfig config, PrintStream out) {
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

    /**
     * Folds one run event into {@code runs} (run id -> status, since, detail). A terminal state stays (a
     * redelivered acceptance does not reopen a finished run), except that a retry (a later attempt's acceptance)
     * reopens a failed or stalled run and a completion (the report exists) outweighs a failure; a stall shows
     * on a running run until its end or the run's next state.
     */
    static void note(Map<String, String[]> runs, byte[] value) {
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
                case STALLED -> new String[]{"STALLED", since, event.getStalled().getReason()};
                case STALL_ENDED -> new String[]{"RUNNING", since, "progressing again after a stall"};
                default -> null; // a kind from a newer schema
            };
            if (state != null) {
                String[] previous = runs.get(event.getRunId());
                String was = previous == null ? null : previous[0];
                boolean open = was == null || was.equals("RUNNING") || was.equals("STALLED");
                boolean retried = event.hasAccepted() && event.getAccepted().getAttempt() > 1;
                boolean applies = switch (event.getKindCase()) {
                    case STALL_ENDED -> "STALLED".equals(was);
                    case COMPLETED -> open || was.equals("FAILED");
                    default -> open || retried && !was.equals("COMPLETED");
                };
                if (applies) {
                    runs.put(event.getRunId(), state);
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            // not a run event
        }
    }
}
