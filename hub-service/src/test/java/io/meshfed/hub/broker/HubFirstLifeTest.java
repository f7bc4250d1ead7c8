package io.meshfed.hub.broker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.hub.HubState;
import io.meshfed.hub.support.AgentKeys;
import io.meshfed.hub.support.Management;
import io.meshfed.hub.support.Reports;
import io.meshfed.hub.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The hub's first lifetime on a real broker: a two-network primary-remote mesh is declared and
 * joined over REST, the agents report, and what the API answers is kept for {@link
 * HubSecondLifeTest}.
 */
@QuarkusTest
@TestProfile(FirstLifeProfile.class)
@Order(10)
class HubFirstLifeTest {

  @Inject HubState state;

  private static void put(String path, String json) {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(json)
        .when()
        .put(path)
        .then()
        .statusCode(202);
  }

  private static ClusterStatus ready(String cluster, long gen, long rev, String ip) {
    return new ClusterStatus(
        Lifetimes.MESH,
        cluster,
        Phase.READY,
        List.of(new Condition("Ready", "True", "Installed", null, null)),
        gen,
        rev,
        List.of(GatewayAddress.ip(ip)),
        "test",
        List.of(),
        "https://" + cluster + ".example:6443",
        Instant.now());
  }

  private static <T extends MeshEvent> T decode(Class<T> type, byte[] value) {
    try {
      return EventCodec.decode(type, value);
    } catch (EventDecodeException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void meshConvergesOverTheRealBroker() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(state::isReady);
    String mesh = "/api/v1/meshes/" + Lifetimes.MESH;
    put(mesh, "{\"istioVersion\":\"v1.28.1\"}");
    put(
        mesh + "/clusters/east",
        "{\"role\":\"PRIMARY\",\"network\":\"network1\",\"signingPublicKey\":\""
            + AgentKeys.publicKey("east")
            + "\"}");
    put(
        mesh + "/clusters/west",
        "{\"role\":\"REMOTE\",\"network\":\"network2\",\"controlPlaneCluster\":\"east\","
            + "\"signingPublicKey\":\""
            + AgentKeys.publicKey("west")
            + "\"}");

    BrokerLog.publishStatus("east", ready("east", 1, 3, "172.18.0.10"));
    BrokerLog.publishStatus("west", ready("west", 1, 3, "172.19.0.10"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.viewer())
                    .get(mesh)
                    .then()
                    .body("clusters.phase", contains("Ready", "Ready"))
                    .body("clusters[1].discoveryAddress", equalTo("172.18.0.10"))
                    .body("meshNetworks.network2.gateways[0].address", equalTo("172.19.0.10")));

    // Two addresses make one or two mesh revisions, as the hub takes the reports in one batch or
    // two; the agents then report the revision the hub settled on.
    long revision =
        given()
            .auth()
            .oauth2(TestTokens.viewer())
            .get(mesh)
            .then()
            .extract()
            .jsonPath()
            .getLong("revision");
    assertThat(revision).isBetween(4L, 5L);
    // east serves west since west joined (externalIstiod): its generation 2.
    BrokerLog.publishStatus(
        "west",
        Reports.sharing(
            ready("west", 1, revision, "172.19.0.10"), "west-1", List.of("east"), null));
    BrokerLog.publishStatus("east", ready("east", 2, revision, "172.18.0.10"));
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.viewer())
                    .get(mesh)
                    .then()
                    .body("clusters.observedGeneration", contains(2, 1))
                    .body("converged", equalTo(false)));
    // east reads west once it confirms west's credential applied.
    BrokerLog.publishStatus(
        "east",
        Reports.sharing(
            ready("east", 2, revision, "172.18.0.10"), null, List.of(), Map.of("west", "west-1")));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.viewer())
                    .get(mesh)
                    .then()
                    .body("converged", equalTo(true)));

    given()
        .get(Management.url("/health/ready"))
        .then()
        .statusCode(200)
        .body("checks.name", org.hamcrest.Matchers.hasItem("membership-log-rebuild"))
        .body("checks.find { it.name == 'Kafka connection health check' }.status", equalTo("UP"));

    System.setProperty(
        Lifetimes.MESHES_ANSWER,
        given().auth().oauth2(TestTokens.viewer()).get("/api/v1/meshes").asString());
    // west's API server reaches east, the one primary that holds west's remote secret.
    SharedCredential west =
        BrokerLog.readAll(Topics.CREDENTIALS).stream()
            .filter(r -> "west".equals(r.key()))
            .reduce((a, b) -> b)
            .map(r -> decode(SharedCredential.class, r.value()))
            .orElseThrow();
    assertThat(west.apiServerUrl()).isEqualTo("https://west.example:6443");
    assertThat(west.meshId()).isEqualTo(Lifetimes.MESH);
    MeshRecord record =
        BrokerLog.readAll(Topics.MESHES).stream()
            .filter(r -> Lifetimes.MESH.equals(r.key()))
            .reduce((a, b) -> b)
            .map(r -> decode(MeshRecord.class, r.value()))
            .orElseThrow();
    assertThat(record.revision()).isEqualTo(revision);
    assertThat(record.primaries().get("east").discoveryAddress()).isEqualTo("172.18.0.10");

    System.setProperty(
        Lifetimes.RECORD_COUNTS, BrokerLog.recordCounts(Lifetimes.HUB_TOPICS).toString());
  }
}
