package io.latentlab.control.rest;

import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** latentlab.api.open-reads=false: the GET endpoints need the read or the write token too. */
@QuarkusTest
@TestProfile(ClosedReadsIT.ClosedReads.class)
@QuarkusTestResource(KafkaS3TestResource.class)
class ClosedReadsIT {

    public static class ClosedReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latentlab.api.open-reads", "false");
        }
    }

    @Test
    void readsNeedATokenWhenClosed() {
        String runId = "it-closed-read";
        TopicClient.event(TopicClient.accepted(runId, "quick", 1, 1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Api.reader().when().get("/api/runs/" + runId)
                .then().statusCode(200).body("status", equalTo("RUNNING")));

        for (String path : java.util.List.of("/api/runs", "/api/runs/" + runId, "/api/runs/" + runId + "/report",
                "/api/runs/" + runId + "/artifacts/report.md", "/api/runs/" + runId + "/pictures/x",
                "/api/runs/" + runId + "/events", "/api/compare?runs=" + runId + ",other")) {
            when().get(path).then().statusCode(401);
            given().auth().oauth2("wrong-token-0123456789").when().get(path).then().statusCode(401);
        }
        Api.reader().when().get("/api/runs").then().statusCode(200);
        Api.writer().when().get("/api/runs/" + runId).then().statusCode(200);
        Api.reader().when().get("/api/runs/" + runId + "/report").then().statusCode(404);
        Api.reader().when().get("/api/compare?runs=" + runId + ",other").then().statusCode(404);
        // the page itself, health and metrics stay open: the page asks for the token
        when().get("/").then().statusCode(200);
        when().get("/app.js").then().statusCode(200);
        when().get("/q/health/ready").then().statusCode(200);
        // writes are unchanged
        Api.reader().contentType("application/json").body("{\"profile\":\"quick\"}").when().post("/api/runs")
                .then().statusCode(403);
    }
}
