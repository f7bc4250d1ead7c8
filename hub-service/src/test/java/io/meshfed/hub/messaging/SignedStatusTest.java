package io.meshfed.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.hub.support.AgentKeys;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Management;
import io.meshfed.hub.support.Records;
import io.meshfed.security.sign.SigningKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * An agent speaks only for its own cluster: a status record that is not signed by the cluster's
 * registered key changes nothing and lands in the dead-letter topic with the reason.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(5)
class SignedStatusTest extends HubFixture {

  private static ClusterStatus status(String mesh, String cluster, String ip, String offeredKey) {
    return new ClusterStatus(
        mesh,
        cluster,
        Phase.READY,
        List.of(),
        1,
        3,
        List.of(GatewayAddress.ip(ip)),
        "test",
        List.of(),
        null,
        Instant.now(),
        null,
        null,
        offeredKey,
        null,
        null,
        null);
  }

  private void send(ConsumerRecord<String, byte[]> record) {
    sendStatus(record);
  }

  private int meshRecords(String mesh) {
    return sent(Topics.MESHES, r -> mesh.equals(r.key())).size();
  }

  @Test
  void forgedStatusChangesNothingAndLandsInTheDeadLetterTopic() {
    declare("sig-a").statusCode(202);
    joinWithKey("sig-a", "victim", "{\"role\":\"PRIMARY\",\"network\":\"n1\"}").statusCode(202);
    joinWithKey("sig-a", "intruder", "{\"role\":\"PRIMARY\",\"network\":\"n2\"}").statusCode(202);
    send(Records.status("victim", status("sig-a", "victim", "10.1.0.1", null)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                get("/api/v1/meshes/sig-a")
                    .body("clusters[1].eastWestAddress", equalTo("10.1.0.1")));
    int recordsBefore = meshRecords("sig-a");
    int desiredBefore = sent(Topics.DESIRED).size();

    // A valid key of another cluster, a key nobody registered, and no signature at all.
    send(
        Records.signedStatus(
            "victim", status("sig-a", "victim", "10.6.6.6", null), AgentKeys.of("intruder")));
    send(
        Records.signedStatus(
            "victim", status("sig-a", "victim", "10.6.6.7", null), SigningKeys.generate()));
    send(Records.unsignedStatus("victim", status("sig-a", "victim", "10.6.6.8", null)));
    // Signed by the key's own cluster, but the body speaks for another one.
    send(Records.status("victim", status("sig-a", "intruder", "10.6.6.9", null)));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sent(Topics.DLQ, r -> "victim".equals(r.key())))
                    .extracting(r -> r.header("dead-letter-cause"))
                    .containsExactly(
                        "SignatureInvalid", "SignatureInvalid", "SignatureMissing", "KeyMismatch"));
    assertThat(sent(Topics.DLQ, r -> "victim".equals(r.key())))
        .allSatisfy(
            r -> {
              assertThat(r.header("dead-letter-topic")).isEqualTo(Topics.STATUS);
              assertThat(r.header("dead-letter-reason")).contains("victim");
            });
    get("/api/v1/meshes/sig-a").body("clusters[1].eastWestAddress", equalTo("10.1.0.1"));
    assertThat(meshRecords("sig-a")).isEqualTo(recordsBefore);
    assertThat(sent(Topics.DESIRED)).hasSize(desiredBefore);
    assertThat(Management.metrics())
        .contains(
            "meshfed_hub_status_rejected_total{mesh=\"sig-a\",reason=\"SignatureInvalid\"} 2.0")
        .contains(
            "meshfed_hub_status_rejected_total{mesh=\"sig-a\",reason=\"SignatureMissing\"} 1.0")
        .contains("meshfed_hub_status_rejected_total{mesh=\"sig-a\",reason=\"KeyMismatch\"} 1.0");

    send(Records.status("victim", status("sig-a", "victim", "10.1.0.2", null)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                get("/api/v1/meshes/sig-a")
                    .body("clusters[1].eastWestAddress", equalTo("10.1.0.2")));
  }

  @Test
  void forgedReportsAfterAGenuineOneInTheSameBatchDoNotHideIt() {
    declare("sig-d").statusCode(202);
    joinWithKey("sig-d", "quiet", "{\"role\":\"PRIMARY\",\"network\":\"nd1\"}").statusCode(202);
    joinWithKey("sig-d", "tally", "{\"role\":\"PRIMARY\",\"network\":\"nd2\"}").statusCode(202);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sent(Topics.MESHES, r -> "sig-d".equals(r.key())))
                    .last()
                    .satisfies(r -> assertThat(r.as(MeshRecord.class).primaries()).hasSize(2)));
    int recordsBefore = meshRecords("sig-d");

    // One poll: the cluster's own report, then a report signed by a key nobody registered and
    // one without a signature, both naming the same cluster.
    sendStatus(
        Records.status("quiet", status("sig-d", "quiet", "10.4.0.1", null)),
        Records.signedStatus(
            "quiet", status("sig-d", "quiet", "10.6.6.6", null), SigningKeys.generate()),
        Records.unsignedStatus("quiet", status("sig-d", "quiet", "10.6.6.7", null)));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(sent(Topics.DLQ, r -> "quiet".equals(r.key())))
                  .extracting(r -> r.header("dead-letter-cause"))
                  .containsExactly("SignatureInvalid", "SignatureMissing");
              get("/api/v1/meshes/sig-d")
                  .body("clusters[0].eastWestAddress", equalTo("10.4.0.1"))
                  .body("clusters[0].phase", equalTo("Ready"));
            });
    assertThat(sent(Topics.MESHES, r -> "sig-d".equals(r.key())))
        .hasSize(recordsBefore + 1)
        .last()
        .satisfies(
            r ->
                assertThat(r.as(MeshRecord.class).meshNetworks().get("nd1").gateways())
                    .extracting(g -> g.address())
                    .containsExactly("10.4.0.1"));
    assertThat(Management.metrics())
        .contains(
            "meshfed_hub_status_rejected_total{mesh=\"sig-d\",reason=\"SignatureInvalid\"} 1.0")
        .contains(
            "meshfed_hub_status_rejected_total{mesh=\"sig-d\",reason=\"SignatureMissing\"} 1.0");
  }

  @Test
  void clusterWithoutARegisteredKeyIsRefusedWhereTheMeshDoesNotPin() {
    declare("sig-b").statusCode(202);
    join("sig-b", "nokey", "{\"role\":\"PRIMARY\"}").statusCode(202);

    send(
        Records.status(
            "nokey", status("sig-b", "nokey", "10.2.0.1", AgentKeys.publicKey("nokey"))));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sent(Topics.DLQ, r -> "nokey".equals(r.key())))
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.header("dead-letter-cause")).isEqualTo("NoRegisteredKey");
                          assertThat(r.header("dead-letter-reason")).contains("signingPublicKey");
                        }));
    get("/api/v1/meshes/sig-b").body("clusters[0].phase", equalTo("Pending"));
    assertThat(sent(Topics.DESIRED, r -> "nokey".equals(r.key()))).hasSize(1);
  }

  @Test
  void meshThatPinsTakesTheFirstKeyAndThenHoldsEveryReportToIt() {
    put(
            "/api/v1/meshes/sig-c",
            "{\"istioVersion\":\"v1.28.1\",\"pinSigningKeysAtFirstContact\":true}")
        .statusCode(202);
    join("sig-c", "tofu", "{\"role\":\"PRIMARY\"}").statusCode(202);
    String key = AgentKeys.publicKey("tofu");

    send(Records.status("tofu", status("sig-c", "tofu", "10.3.0.1", key)));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sent(Topics.DESIRED, r -> "tofu".equals(r.key())))
                    .last()
                    .satisfies(
                        r -> {
                          DesiredMembership d = r.as(DesiredMembership.class);
                          assertThat(d.signingPublicKey()).isEqualTo(key);
                          assertThat(d.generation()).isEqualTo(2);
                        }));
    assertThat(sent(Topics.MESHES, r -> "sig-c".equals(r.key())))
        .first()
        .satisfies(r -> assertThat(r.as(MeshRecord.class).pinSigningKeysAtFirstContact()).isTrue());

    KeyPair other = SigningKeys.generate();
    send(
        Records.signedStatus(
            "tofu",
            status("sig-c", "tofu", "10.6.6.6", SigningKeys.encodePublicKey(other.getPublic())),
            other));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sent(Topics.DLQ, r -> "tofu".equals(r.key())))
                    .singleElement()
                    .satisfies(
                        r ->
                            assertThat(r.header("dead-letter-cause"))
                                .isEqualTo("SignatureInvalid")));
    get("/api/v1/meshes/sig-c").body("clusters[0].eastWestAddress", equalTo("10.3.0.1"));
    assertThat(sent(Topics.DESIRED, r -> "tofu".equals(r.key()))).hasSize(2);
  }
}
