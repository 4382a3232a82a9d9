package io.latentlab.launcher.bench;

import io.latentlab.kit.Topics;
import io.latentlab.kit.replay.TopicReplay;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.proto.JobTiming;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished run read back from Kafka: when it was requested (the run-request record's time), accepted
 * and completed, and every job's span: from the progress topic, and for reducer and classifier jobs the
 * time their training held a slot (the results' {@code JobTiming}), without the loading before and the
 * storing after, which overlap other trainings.
 */
public record RunHistory(String runId, long requestedMs, long acceptedMs, long completedMs, List<JobSpan> jobs) {

    public static RunHistory read(String bootstrapServers, String runId) {
        long requested = 0;
        long accepted = 0;
        long completed = 0;
        Map<String, long[]> spans = new LinkedHashMap<>(); // stage/jobId -> start, end, epochs
        Map<String, JobTiming> slotTimes = new LinkedHashMap<>(); // stage/jobId -> when its training held a slot
        try (KafkaConsumer<String, byte[]> consumer = TopicReplay.consumer(bootstrapServers)) {
            List<TopicPartition> partitions = TopicReplay.assignFromBeginning(consumer, Duration.ofSeconds(10),
                    Topics.RUN_REQUESTS, Topics.RUN_EVENTS, Topics.PROGRESS, Topics.CLASSIFIER_JOBS,
                    Topics.CLASSIFIER_RESULTS);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!runId.equals(record.key()) && !record.topic().equals(Topics.PROGRESS)
                            && !String.valueOf(record.key()).startsWith(runId + "/")) {
                        continue;
                    }
                    switch (record.topic()) {
                        case Topics.CLASSIFIER_JOBS -> {
                            ClassifierJob job = parse(record.value(), ClassifierJob.parser());
                            if (job != null && job.getRunId().equals(runId)) { // the reducer's result rides on each of its classifier jobs
                                slotTimes.putIfAbsent(JobSpan.REDUCERS + "/" + job.getReducer().getJobId(), job.getReducer().getTiming());
                            }
                        }
                        case Topics.CLASSIFIER_RESULTS -> {
                            ClassifierResult result = parse(record.value(), ClassifierResult.parser());
                            if (result != null && result.getJob().getRunId().equals(runId)) {
                                slotTimes.put(JobSpan.CLASSIFIERS + "/" + result.getJob().getJobId(), result.getTiming());
                            }
                        }
                        case Topics.RUN_REQUESTS -> requested = requested == 0 ? record.timestamp() : requested;
                        case Topics.RUN_EVENTS -> {
                            RunEvent event = parse(record.value(), RunEvent.parser());
                            if (event != null && event.hasAccepted()) {
                                accepted = accepted == 0 ? event.getTimestampMs() : accepted;
                            } else if (event != null && event.hasCompleted()) {
                                completed = Math.max(completed, event.getTimestampMs());
                            }
                        }
                        default -> note(spans, runId, parse(record.value(), Progress.parser()));
                    }
                }
            }
        }
        if (completed == 0) {
            throw new IllegalStateException("run " + runId + " has not completed: nothing to measure");
        }
        List<JobSpan> jobs = new ArrayList<>();
        spans.forEach((key, s) -> {
            String[] stageAndJob = key.split("/", 2);
            JobTiming slot = slotTimes.get(key);
            if (slot != null && slot.getStartedMs() > 0 && slot.getFinishedMs() >= slot.getStartedMs()) {
                jobs.add(new JobSpan(stageAndJob[0], stageAndJob[1], slot.getStartedMs(), slot.getFinishedMs(), (int) s[2]));
            } else if (s[0] > 0 && s[1] > 0) {
                jobs.add(new JobSpan(stageAndJob[0], stageAndJob[1], s[0], s[1], (int) s[2]));
            }
        });
        return new RunHistory(runId, requested == 0 ? accepted : requested, accepted, completed, jobs);
    }

    private static void note(Map<String, long[]> spans, String runId, Progress p) {
        if (p == null || !p.getRunId().equals(runId)) {
            return;
        }
        long[] span = spans.computeIfAbsent(p.getStage() + "/" + p.getJobId(), k -> new long[3]);
        switch (p.getKind()) {
            case STARTED -> span[0] = span[0] == 0 ? p.getTimestampMs() : span[0];
            case FINISHED -> span[1] = Math.max(span[1], p.getTimestampMs());
            case EPOCH -> span[2] = Math.max(span[2], p.getEpoch());
            default -> {
            }
        }
    }

    private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return null;
        }
    }
}
