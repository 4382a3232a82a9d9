package io.latentlab.control.service;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The forwarding to the model server, against a loopback HTTP server that holds its answers until told: no
 * caller's thread waits, a full set of forwarding slots refuses at once, a slow answer times out, slots come back.
 * (The model server itself needs a trained run: the launcher's ModelServerIT drives the real one.)
 */
class ModelServerClientTest {

    private HttpServer upstream;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean busy = exchange.getRequestURI().getPath().endsWith("/busy");
            byte[] body = (busy ? "{\"error\":\"2 runs are loading\"}" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (busy) {
                exchange.getResponseHeaders().add("Retry-After", "5");
            }
            exchange.sendResponseHeaders(busy ? 503 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.start();
    }

    @AfterEach
    void stopUpstream() {
        release.countDown();
        upstream.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + upstream.getAddress().getPort();
    }

    @Test
    void aFullSetOfSlotsRefusesAtOnceAndNoCallerWaits() throws Exception {
        ModelServerClient client = new ModelServerClient(url(), Duration.ofSeconds(20), 2);
        List<CompletionStage<ModelServerClient.Answer>> held = new ArrayList<>();
        long start = System.nanoTime();
        held.add(client.post("api/runs/r1/predict", "image/png", new byte[]{1, 2, 3}));
        held.add(client.get("api/runs/r1/test-images/random"));
        // both calls returned before the upstream answered: no thread of the caller waits for it
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(held).noneMatch(stage -> stage.toCompletableFuture().isDone());
        assertThat(client.inFlight()).isEqualTo(2);

        CompletableFuture<ModelServerClient.Answer> third = client.post("api/runs/r1/predict", "image/png", new byte[1])
                .toCompletableFuture();
        assertThat(third).isCompletedExceptionally();
        assertThatThrownBy(third::get).cause().isInstanceOf(ModelServerBusyException.class)
                .hasMessage("2 requests to the model server are in flight, the limit "
                        + "(latentlab.model-server.max-in-flight): try again in a moment");

        release.countDown();
        for (CompletionStage<ModelServerClient.Answer> stage : held) {
            ModelServerClient.Answer answer = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        }
        assertThat(client.inFlight()).isZero();
        assertThat(client.get("x").toCompletableFuture().get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(received.get()).isEqualTo(3);
    }

    @Test
    void theModelServersRetryAfterIsPassedOn() throws Exception {
        ModelServerClient client = new ModelServerClient(url(), Duration.ofSeconds(20), 2);
        release.countDown();

        ModelServerClient.Answer busy = client.get("api/runs/r2/busy").toCompletableFuture().get(10, TimeUnit.SECONDS);
        ModelServerClient.Answer ok = client.get("api/runs/r1/x").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.retryAfter()).contains("5");
        assertThat(ok.retryAfter()).isEmpty();
    }

    @Test
    void aSlowAnswerTimesOutAndGivesItsSlotBack() {
        ModelServerClient client = new ModelServerClient(url(), Duration.ofMillis(300), 1);
        CompletableFuture<ModelServerClient.Answer> slow = client.get("slow").toCompletableFuture();
        assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ModelServerUnavailableException.class)
                .hasMessageContaining("did not answer within 300 ms (latentlab.model-server.timeout)");
        assertThat(client.inFlight()).isZero();
    }

    @Test
    void aModelServerThatIsDownIsUnavailableNotAnError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ModelServerClient client = new ModelServerClient("http://127.0.0.1:" + closedPort, Duration.ofSeconds(5), 1);
        CompletableFuture<ModelServerClient.Answer> answer = client.get("x").toCompletableFuture();
        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(ModelServerUnavailableException.class).hasMessageContaining("does not answer");
        assertThat(client.inFlight()).isZero();
    }

    @Test
    void aCapBelowOneIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new ModelServerClient(url(), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latentlab.model-server.max-in-flight");
    }
}
