package io.meshfed.hub.log;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.Role;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.hub.plan.Changes;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.request.Accepted;
import io.meshfed.hub.request.RequestDecider;
import io.meshfed.hub.support.GatedLogSource;
import io.meshfed.hub.support.Management;
import io.meshfed.hub.support.RebuildingProfile;
import io.meshfed.hub.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The hub serves no write before it has rebuilt its state from the log, then carries on from it.
 */
@QuarkusTest
@TestProfile(RebuildingProfile.class)
@Order(5)
class RebuildBeforeWritesTest {

  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  /** The log a previous hub (epoch 1) left: mesh "kept" with primary k1 on network n1. */
  private static LogSnapshot previousLog() {
    List<LogRecord> desired = new ArrayList<>();
    List<LogRecord> meshes = new ArrayList<>();
    List<LogRecord> credentials = new ArrayList<>();
    MeshRegistry r = MeshRegistry.empty(1);
    for (MembershipRequest q :
        List.of(
            new DeclareMesh("kept", "v1.28.1", null, null),
            new JoinCluster("kept", "k1", Role.PRIMARY, "n1", null, null, null))) {
      Changes c = ((Accepted) RequestDecider.decide(r, q, "old", null)).changes();
      c.desired().forEach(d -> desired.add(record(Topics.DESIRED, d.clusterName(), d)));
      c.credentials().forEach(x -> credentials.add(record(Topics.CREDENTIALS, x.sender(), x)));
      c.meshRecords().forEach(m -> meshes.add(record(Topics.MESHES, m.meshId(), m)));
      r = c.next();
    }
    return new LogSnapshot(desired, meshes, credentials, List.of(), List.of(), Map.of(), List.of());
  }

  private static LogRecord record(String topic, String key, MeshEvent e) {
    return new LogRecord(topic, 0, 0, key, EventCodec.encode(e), EventType.of(e).ceType(), T);
  }

  @Test
  void writesAnswer503AndReadinessIsDownUntilTheLogIsRead() {
    given()
        .get(Management.url("/health/ready"))
        .then()
        .statusCode(503)
        .body("checks.find { it.name == 'membership-log-rebuild' }.status", equalTo("DOWN"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body("{\"istioVersion\":\"v1.28.1\"}")
        .put("/api/v1/meshes/early")
        .then()
        .statusCode(503)
        .body("reason", equalTo("Rebuilding"));

    GatedLogSource.open(previousLog());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> given().get(Management.url("/health/ready")).then().statusCode(200));
    given()
        .auth()
        .oauth2(TestTokens.viewer())
        .get("/api/v1/meshes/kept")
        .then()
        .statusCode(200)
        .body("revision", equalTo(2))
        .body("clusters.name", contains("k1"))
        .body("clusters[0].generation", equalTo(1));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body("{\"role\":\"PRIMARY\",\"network\":\"n1\"}")
        .put("/api/v1/meshes/kept/clusters/k2")
        .then()
        .statusCode(202)
        .body("generation", equalTo(1));
    given()
        .auth()
        .oauth2(TestTokens.viewer())
        .get("/api/v1/meshes/kept")
        .then()
        .body("revision", equalTo(3))
        .body("clusters[0].remoteSecretPeers", hasItem("k2"));
  }
}
