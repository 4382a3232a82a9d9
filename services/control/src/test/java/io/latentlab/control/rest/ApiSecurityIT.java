package io.latentlab.control.rest;

import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Who may do what: the mutating endpoints need the write token (none: 401, an unknown token: 401 with
 * error="invalid_token", the read-only token: 403, the write token: 2xx); reads are open by default.
 */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class ApiSecurityIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BODY = "{\"profile\":\"quick\",\"seed\":5}";

    @Test
    void startingARunNeedsTheWriteToken() {
        given().contentType(ContentType.JSON).body(BODY).when().post("/api/runs").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .header("WWW-Authenticate", not(containsString("invalid_token")));
        given().auth().oauth2("not-the-token-but-long-enough").contentType(ContentType.JSON).body(BODY)
                .when().post("/api/runs").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        // a token that is the write token plus a character, or a prefix of it, is another token
        given().auth().oauth2(Api.writeToken() + "x").contentType(ContentType.JSON).body(BODY)
                .when().post("/api/runs").then().statusCode(401);
        given().auth().oauth2(Api.writeToken().substring(1)).contentType(ContentType.JSON).body(BODY)
                .when().post("/api/runs").then().statusCode(401);
        given().header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("user:" + Api.writeToken()).getBytes())).contentType(ContentType.JSON).body(BODY)
                .when().post("/api/runs").then().statusCode(401);
        Api.reader().contentType(ContentType.JSON).body(BODY).when().post("/api/runs").then().statusCode(403);
        Api.writer().contentType(ContentType.JSON).body(BODY).when().post("/api/runs").then().statusCode(202);
        // the scheme is case-insensitive (RFC 7235)
        given().header("Authorization", "bearer " + Api.writeToken()).contentType(ContentType.JSON).body(BODY)
                .when().post("/api/runs").then().statusCode(202);
    }

    @Test
    void cancellingAndRetryingNeedTheWriteToken() {
        String runId = "it-sec-cancel";
        TopicClient.event(TopicClient.accepted(runId, "quick", 1, 1));
        String failed = "it-sec-retry";
        TopicClient.event(TopicClient.accepted(failed, "quick", 1, 1));
        TopicClient.event(TopicClient.failed(failed, 1, "boom", "pca-k16", "reducer-trainer"));
        await().atMost(WAIT).untilAsserted(() -> {
            when().get("/api/runs/" + runId).then().statusCode(200).body("status", equalTo("RUNNING"));
            when().get("/api/runs/" + failed).then().statusCode(200).body("status", equalTo("FAILED"));
        });

        expectWriterOnly(spec -> spec.when().delete("/api/runs/" + runId).then().extract().statusCode(), 202);
        expectWriterOnly(spec -> spec.when().post("/api/runs/" + failed + "/retry").then().extract().statusCode(), 202);
        // unknown runs: authentication first, then 404 (no probing for run ids without a token)
        given().when().delete("/api/runs/it-no-such-run").then().statusCode(401);
        given().when().post("/api/runs/it-no-such-run/retry").then().statusCode(401);
    }

    @Test
    void readsAreOpenWithoutAToken() {
        String runId = "it-sec-read";
        TopicClient.event(TopicClient.accepted(runId, "quick", 1, 1));
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then().statusCode(200));
        when().get("/api/runs").then().statusCode(200);
        when().get("/api/runs/" + runId + "/report").then().statusCode(404);
        // a stale or wrong token does not break an open read
        given().auth().oauth2("a-token-from-last-week").when().get("/api/runs/" + runId).then().statusCode(200);
        Api.reader().when().get("/api/runs/" + runId).then().statusCode(200);
        when().get("/").then().statusCode(200);
        when().get("/q/health/ready").then().statusCode(200);
        when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void theOpenApiDocumentDeclaresTheBearerScheme() {
        when().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/api/runs'.post.security[0]", org.hamcrest.Matchers.hasKey("bearer"))
                .body("paths.'/api/runs/{runId}/retry'.post.security[0]", org.hamcrest.Matchers.hasKey("bearer"));
    }

    /** No token: 401; an unknown one: 401; the read token: 403; the write token: {@code expected}. */
    private static void expectWriterOnly(Function<RequestSpecification, Integer> call, int expected) {
        org.assertj.core.api.Assertions.assertThat(call.apply(given())).as("no token").isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(call.apply(given().auth().oauth2("wrong-token-0123456789")))
                .as("unknown token").isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(call.apply(Api.reader())).as("read-only token").isEqualTo(403);
        org.assertj.core.api.Assertions.assertThat(call.apply(Api.writer())).as("write token").isEqualTo(expected);
    }
}
