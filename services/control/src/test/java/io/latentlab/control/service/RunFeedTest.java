package io.latentlab.control.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live feed: one projection subscription per run, each change serialized once, outside the projection's lock. */
class RunFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RunStateProjection projection = new RunStateProjection();
    private final CountingMapper mapper = new CountingMapper(projection);

    @Test
    void eachChangeIsSerializedOnceOutsideTheLockAndWrittenToEveryStream() throws Exception {
        RunFeed feed = new RunFeed(projection, mapper, 10_000);
        projection.event(accepted("f1"), 1_000);
        List<Recorder> streams = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Recorder stream = new Recorder();
            streams.add(stream);
            feed.follow("f1", stream);
        }
        // each stream gets the run as it is on joining
        await().atMost(WAIT).until(() -> streams.stream().allMatch(s -> s.events.size() == 1));
        streams.forEach(s -> assertThat(s.events.get(0).name()).isEqualTo("run"));
        int snapshots = mapper.calls.get();

        for (int epoch = 1; epoch <= 10; epoch++) {
            projection.progress(epoch("f1", epoch), 2_000 + epoch);
        }
        // the first progress record has no job yet: a new job is a "job" event (the run stays RUNNING)
        await().atMost(WAIT).until(() -> streams.stream().allMatch(s -> s.events.size() == 11));
        assertThat(mapper.calls.get() - snapshots).as("serializations of 10 changes for 5 streams").isEqualTo(10);
        assertThat(mapper.insideLock.get()).as("serializations inside the projection's lock").isZero();
        for (Recorder stream : streams) {
            assertThat(stream.events.subList(1, 11)).extracting(RunFeed.FeedEvent::name).containsOnly("job");
            // one string, the same object, for every stream
            assertThat(stream.events.get(10).json()).isSameAs(streams.get(0).events.get(10).json())
                    .contains("\"epoch\":10");
        }
        assertThat(feed.followedRuns()).isEqualTo(1);
    }

    @Test
    void aRunIsFollowedOnceAndLetGoWithItsLastStream() throws Exception {
        RunFeed feed = new RunFeed(projection, mapper, 10_000);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        AutoCloseable first = feed.follow("f2", a);
        AutoCloseable second = feed.follow("f2", b);
        assertThat(feed.followedRuns()).isEqualTo(1);

        // an unknown run is followed too: its first record reaches both streams (b's snapshot, taken on the feed
        // thread, may already hold it: then b sees the run twice, which a "run" event allows)
        projection.event(accepted("f2"), 1_000);
        await().atMost(WAIT).until(() -> a.events.size() == 1 && !b.events.isEmpty());
        assertThat(b.events).extracting(RunFeed.FeedEvent::name).containsOnly("run");
        assertThat(b.last().json()).contains("\"status\":\"RUNNING\"");

        first.close();
        first.close(); // closing twice changes nothing
        projection.progress(epoch("f2", 1), 2_000);
        await().atMost(WAIT).until(() -> b.last().name().equals("job"));
        assertThat(a.events).hasSize(1);

        second.close();
        assertThat(feed.followedRuns()).isZero();
        int before = mapper.calls.get();
        projection.progress(epoch("f2", 2), 3_000);
        Thread.sleep(200);
        assertThat(mapper.calls.get()).as("no stream, no serialization").isEqualTo(before);
    }

    @Test
    void aFeedThatFallsBehindItsBoundSendsTheWholeRunOnce() throws Exception {
        RunFeed feed = new RunFeed(projection, mapper, 3);
        projection.event(accepted("f3"), 1_000);
        CountDownLatch release = new CountDownLatch(1);
        Recorder slow = new Recorder(event -> hold(release));
        feed.follow("f3", slow);
        await().atMost(WAIT).until(() -> mapper.calls.get() >= 1); // the feed thread is now held by the slow stream
        for (int epoch = 1; epoch <= 20; epoch++) {
            projection.progress(epoch("f3", epoch), 2_000 + epoch);
        }
        release.countDown();
        // the snapshot, then the whole run again instead of 20 job events (at most the bound's worth of those)
        await().atMost(WAIT).until(() -> slow.events.size() >= 2 && slow.last().name().equals("run"));
        assertThat(slow.events.size()).isLessThanOrEqualTo(1 + 3 + 1);
        assertThat(slow.last().json()).contains("\"epoch\":20");
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Recorder implements Consumer<RunFeed.FeedEvent> {
        final List<RunFeed.FeedEvent> events = Collections.synchronizedList(new ArrayList<>());
        private final Consumer<RunFeed.FeedEvent> before;

        Recorder() {
            this(event -> { });
        }

        Recorder(Consumer<RunFeed.FeedEvent> before) {
            this.before = before;
        }

        @Override
        public void accept(RunFeed.FeedEvent event) {
            before.accept(event);
            events.add(event);
        }

        RunFeed.FeedEvent last() {
            return events.get(events.size() - 1);
        }
    }

    /** Counts serializations, and those made while some thread held the projection's lock on this thread. */
    private static final class CountingMapper extends ObjectMapper {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger insideLock = new AtomicInteger();
        private final transient Object lock;

        CountingMapper(Object lock) {
            this.lock = lock;
            findAndRegisterModules();
        }

        @Override
        public String writeValueAsString(Object value) throws JsonProcessingException {
            calls.incrementAndGet();
            if (Thread.holdsLock(lock)) {
                insideLock.incrementAndGet();
            }
            return super.writeValueAsString(value);
        }
    }

    private static RunEvent accepted(String runId) {
        return RunEvent.newBuilder().setRunId(runId).setAccepted(RunAccepted.newBuilder()
                .setRequest(RunRequest.newBuilder().setRunId(runId).setProfile("quick").setSeed(7))
                .setReducerJobs(1).setClassifierJobs(1)).build();
    }

    private static Progress epoch(String runId, int epoch) {
        return Progress.newBuilder().setRunId(runId).setStage("classifier-trainer").setJobId("pca-k16-A1")
                .setKind(Progress.Kind.EPOCH).setEpoch(epoch).setMaxEpochs(20).setLoss(1.0 / epoch).setValLoss(1.0)
                .build();
    }
}
