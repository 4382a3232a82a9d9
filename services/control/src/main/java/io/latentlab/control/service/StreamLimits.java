package io.latentlab.control.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many live streams (SSE) are open, per client (its remote address) and in all: each holds a connection, a
 * projection subscription and a buffer, so both are capped ({@code latentlab.sse.max-per-client},
 * {@code latentlab.sse.max-total}). Behind a proxy the client is the proxy unless
 * {@code quarkus.http.proxy.proxy-address-forwarding} is on.
 */
@ApplicationScoped
public class StreamLimits {

    static final String PER_CLIENT = "latentlab.sse.max-per-client";
    static final String TOTAL = "latentlab.sse.max-total";

    private final int maxPerClient;
    private final int maxTotal;
    private final Map<String, Integer> perClient = new HashMap<>(); // guarded by this
    private int total; // guarded by this

    @Inject
    public StreamLimits(@ConfigProperty(name = PER_CLIENT, defaultValue = "8") int maxPerClient,
                        @ConfigProperty(name = TOTAL, defaultValue = "256") int maxTotal) {
        if (maxPerClient < 1 || maxTotal < 1) {
            throw new IllegalArgumentException(PER_CLIENT + " and " + TOTAL + " must be at least 1, not "
                    + maxPerClient + " and " + maxTotal);
        }
        this.maxPerClient = maxPerClient;
        this.maxTotal = maxTotal;
    }

    /** A stream over a limit: {@code perClient} true for the client's own limit (429), false for the total (503). */
    public static class TooManyStreamsException extends RuntimeException {
        private final boolean perClient;

        TooManyStreamsException(boolean perClient, String message) {
            super(message);
            this.perClient = perClient;
        }

        public boolean perClient() {
            return perClient;
        }
    }

    /** Counts a new stream of {@code client}, or refuses it; close the returned slot (once or more) when it ends. */
    public synchronized AutoCloseable open(String client) {
        int mine = perClient.getOrDefault(client, 0);
        if (mine >= maxPerClient) {
            throw new TooManyStreamsException(true, "this client (" + client + ") has " + mine
                    + " live streams open, the limit (" + PER_CLIENT + "): close one first");
        }
        if (total >= maxTotal) {
            throw new TooManyStreamsException(false, total + " live streams are open, the limit (" + TOTAL
                    + "): try again later");
        }
        perClient.merge(client, 1, Integer::sum);
        total++;
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                release(client);
            }
        };
    }

    private synchronized void release(String client) {
        perClient.computeIfPresent(client, (c, n) -> n <= 1 ? null : n - 1);
        total--;
    }

    public synchronized int openStreams() {
        return total;
    }
}
