package io.latentlab.control.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The live feed of runs (the dashboard's SSE streams). One subscription to the projection per followed run,
 * however many streams follow it; the projection hands each change over (inside its lock: an enqueue, nothing
 * more) and one feed thread serializes it to JSON <em>once</em>, outside the lock, and writes that one string to
 * every stream of the run. A stream that joins a followed run gets the run as it is now, then every change.
 * <p>
 * Bounded: a run's pending changes are at most {@code latentlab.sse.max-pending-events}; beyond that they are
 * dropped and the run's streams get the whole run once the feed catches up (a "run" event carries every job).
 */
@ApplicationScoped
public class RunFeed {

    private static final Logger LOG = Logger.getLogger(RunFeed.class);

    /** One serialized event: its SSE name ("run" or "job") and its JSON. */
    public record FeedEvent(String name, String json) {
    }

    private final RunStateProjection projection;
    private final ObjectMapper json;
    private final int maxPending;
    private final ExecutorService feedThread = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "run-feed");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Channel> channels = new HashMap<>(); // guarded by this

    @Inject
    public RunFeed(RunStateProjection projection, ObjectMapper json,
                   @ConfigProperty(name = "latentlab.sse.max-pending-events", defaultValue = "10000") int maxPending) {
        this.projection = projection;
        this.json = json;
        this.maxPending = maxPending;
    }

    /**
     * {@code stream} gets the run as it is now (if known), then its changes, on the feed thread, until the
     * returned handle is closed. {@code stream} must not block.
     */
    public AutoCloseable follow(String runId, Consumer<FeedEvent> stream) {
        synchronized (this) {
            Channel channel = channels.get(runId);
            if (channel == null) {
                channel = new Channel(runId);
                channel.streams.add(stream);
                channels.put(runId, channel);
                // the projection calls channel.run(now) at once, on this thread: the first stream's snapshot
                channel.joining = stream;
                try {
                    channel.subscription = projection.subscribe(runId, channel);
                } finally {
                    channel.joining = null;
                }
            } else {
                channel.streams.add(stream);
                channel.offer(new Snapshot(stream, null));
            }
        }
        return () -> unfollow(runId, stream);
    }

    private void unfollow(String runId, Consumer<FeedEvent> stream) throws Exception {
        AutoCloseable subscription = null;
        synchronized (this) {
            Channel channel = channels.get(runId);
            if (channel == null || !channel.streams.remove(stream) || !channel.streams.isEmpty()) {
                return;
            }
            channels.remove(runId);
            subscription = channel.subscription;
        }
        if (subscription != null) {
            subscription.close();
        }
    }

    /** Runs followed right now (one projection subscription each). */
    public synchronized int followedRuns() {
        return channels.size();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        feedThread.shutdownNow();
    }

    private String serialize(String name, Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name + " event as JSON", e);
        }
    }

    /** A stream that joined a followed run: it alone gets the run as it is now ({@code run}, or as found then). */
    private record Snapshot(Consumer<FeedEvent> stream, RunDetail run) {
    }

    /** One followed run: the projection's listener, its pending changes and its streams. */
    private final class Channel implements RunListener {
        final String runId;
        final List<Consumer<FeedEvent>> streams = new CopyOnWriteArrayList<>();
        final Queue<Object> pending = new ArrayDeque<>(); // guarded by itself
        boolean draining; // guarded by pending
        boolean overflowed; // guarded by pending
        AutoCloseable subscription;
        // the first stream, while the projection hands over its snapshot; the feed's lock is held meanwhile, so it
        // is the channel's only stream, and a change read as its snapshot reaches the same streams
        volatile Consumer<FeedEvent> joining;

        Channel(String runId) {
            this.runId = runId;
        }

        @Override
        public void run(RunDetail run) {
            Consumer<FeedEvent> first = joining;
            joining = null;
            offer(first == null ? run : new Snapshot(first, run));
        }

        @Override
        public void job(JobView job) {
            offer(job);
        }

        /** Called inside the projection's lock: queue the change, schedule a drain, return. */
        void offer(Object change) {
            synchronized (pending) {
                if (pending.size() >= maxPending) {
                    pending.removeIf(c -> !(c instanceof Snapshot));
                    overflowed = true;
                }
                pending.add(change);
                if (!draining) {
                    draining = true;
                    feedThread.execute(this::drain);
                }
            }
        }

        /** On the feed thread: each change serialized once, then written to every stream of the run. */
        private void drain() {
            for (;;) {
                Object change;
                boolean resync;
                synchronized (pending) {
                    resync = overflowed;
                    overflowed = false;
                    if (resync) {
                        pending.removeIf(c -> !(c instanceof Snapshot)); // the whole run, read next, holds them
                    }
                    change = resync ? null : pending.poll();
                    if (!resync && change == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    if (resync) {
                        LOG.warnf("the live feed of run %s fell %d changes behind: its streams get the whole run again",
                                runId, maxPending);
                        projection.find(runId).ifPresent(run -> send(new FeedEvent("run", serialize("run", run))));
                    } else if (change instanceof Snapshot snapshot) {
                        Optional.ofNullable(snapshot.run()).or(() -> projection.find(runId)).ifPresent(run ->
                                snapshot.stream().accept(new FeedEvent("run", serialize("run", run))));
                    } else if (change instanceof RunDetail run) {
                        send(new FeedEvent("run", serialize("run", run)));
                    } else if (change instanceof JobView job) {
                        send(new FeedEvent("job", serialize("job", job)));
                    }
                } catch (RuntimeException e) {
                    LOG.warnf(e, "the live feed of run %s could not send a change", runId);
                }
            }
        }

        private void send(FeedEvent event) {
            for (Consumer<FeedEvent> stream : streams) {
                try {
                    stream.accept(event);
                } catch (RuntimeException e) {
                    LOG.debugf(e, "a live stream of run %s refused an event", runId);
                }
            }
        }
    }
}
