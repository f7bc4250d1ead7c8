package io.meshfed.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshfed.events.Topics;
import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Records;
import io.meshfed.security.sign.HubRecordSignatures;
import io.meshfed.security.sign.SigningKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What the hub writes on the topics of wire v2, counted record by record: a join or leave costs the
 * desired records of the cluster and of the primaries whose own plan it changes and at most one
 * mesh record; an address change one mesh record and its event; a credential only credential
 * records; a leave deletes the leaver's credential record.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(7)
class WireRecordsTest extends HubFixture {

  private static final List<String> TOPICS =
      List.of(Topics.DESIRED, Topics.CREDENTIALS, Topics.MESHES, Topics.EVENTS);

  /** The records of one mesh on each topic: keyed by its clusters, or by the mesh itself. */
  private Map<String, List<Records.Sent>> written(String mesh, Set<String> clusters) {
    Map<String, List<Records.Sent>> byTopic = new LinkedHashMap<>();
    for (String topic : TOPICS) {
      boolean byMesh = topic.equals(Topics.MESHES) || topic.equals(Topics.EVENTS);
      byTopic.put(
          topic, sent(topic, r -> byMesh ? mesh.equals(r.key()) : clusters.contains(r.key())));
    }
    return byTopic;
  }

  /** What was written since {@code before}, by topic. */
  private Map<String, List<Records.Sent>> since(
      Map<String, List<Records.Sent>> before, String mesh, Set<String> clusters) {
    Map<String, List<Records.Sent>> now = written(mesh, clusters);
    Map<String, List<Records.Sent>> added = new LinkedHashMap<>();
    now.forEach(
        (topic, records) ->
            added.put(topic, records.subList(before.get(topic).size(), records.size())));
    return added;
  }

  private static ClusterStatus status(
      String mesh,
      String cluster,
      String ip,
      CredentialEnvelope shared,
      Map<String, String> applied) {
    return new ClusterStatus(
        mesh,
        cluster,
        Phase.READY,
        List.of(new Condition("Ready", "True", "Test", null, null)),
        1,
        1,
        List.of(GatewayAddress.ip(ip)),
        "test",
        List.of(),
        "https://" + cluster + ":6443",
        Instant.now(),
        null,
        null,
        null,
        java.util.Base64.getEncoder()
            .encodeToString(
                ("key-of-" + cluster).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        null,
        null,
        shared,
        shared == null ? null : shared.credentialId(),
        applied == null ? null : AppliedCredentials.digest(applied),
        applied == null ? null : applied.size());
  }

  private static CredentialEnvelope envelope(String id, String... recipients) {
    TreeMap<String, String> wrapped = new TreeMap<>();
    for (String r : recipients) {
      wrapped.put(r, "d3JhcHBlZA==");
    }
    return new CredentialEnvelope("remote-secret", id, null, "Y2lwaGVy", wrapped);
  }

  private void report(ClusterStatus s) {
    sendStatus(Records.status(s.clusterName(), s));
  }

  private MeshRecord lastMeshRecord(String mesh) {
    List<Records.Sent> records = sent(Topics.MESHES, r -> mesh.equals(r.key()));
    return records.get(records.size() - 1).as(MeshRecord.class);
  }

  private static List<String> types(List<Records.Sent> records) {
    return records.stream().map(Records.Sent::ceType).toList();
  }

  @Test
  void eachChangeWritesOnlyTheRecordsItChanges() {
    String mesh = "wire-a";
    Set<String> clusters = Set.of("wa-p1", "wa-p2", "wa-r");
    declare(mesh).statusCode(202);
    joinWithKey(mesh, "wa-p1", "{\"role\":\"PRIMARY\",\"network\":\"n1\"}").statusCode(202);
    joinWithKey(mesh, "wa-p2", "{\"role\":\"PRIMARY\",\"network\":\"n2\"}").statusCode(202);
    report(status(mesh, "wa-p1", "10.8.0.1", null, null));
    report(status(mesh, "wa-p2", "10.8.0.2", null, null));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(lastMeshRecord(mesh).primaries())
                    .allSatisfy(
                        (p, primary) -> assertThat(primary.recipientPublicKey()).isNotNull())
                    .hasSize(2));

    // A remote joins a mesh of two primaries.
    Map<String, List<Records.Sent>> beforeJoin = written(mesh, clusters);
    joinWithKey(
            mesh,
            "wa-r",
            "{\"role\":\"REMOTE\",\"network\":\"n3\",\"controlPlaneCluster\":\"wa-p1\"}")
        .statusCode(202);
    Map<String, List<Records.Sent>> join = since(beforeJoin, mesh, clusters);

    assertThat(join.get(Topics.DESIRED))
        .extracting(Records.Sent::key)
        .as("the remote's, and its primary's, which serves its first remote now; not wa-p2's")
        .containsExactlyInAnyOrder("wa-r", "wa-p1");
    Map<String, DesiredMembership> desired = new TreeMap<>();
    join.get(Topics.DESIRED).forEach(r -> desired.put(r.key(), r.as(DesiredMembership.class)));
    assertThat(desired.get("wa-p1").externalIstiod()).isTrue();
    assertThat(desired.get("wa-r").externalIstiod()).isFalse();
    assertThat(join.get(Topics.MESHES))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.as(MeshRecord.class).primaries().get("wa-p1").discoveryAddress())
                    .isEqualTo("10.8.0.1"));
    assertThat(join.get(Topics.CREDENTIALS)).isEmpty();
    assertThat(types(join.get(Topics.EVENTS)))
        .containsExactly(
            "io.meshfed.event.request.accepted.v1",
            "io.meshfed.event.cluster.joined.v1",
            "io.meshfed.event.mesh.networks-changed.v1");
    long revision = lastMeshRecord(mesh).revision();

    // A primary's gateway moves.
    Map<String, List<Records.Sent>> beforeMove = written(mesh, clusters);
    report(status(mesh, "wa-p2", "10.8.0.22", null, null));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(since(beforeMove, mesh, clusters).get(Topics.EVENTS)).hasSize(1));
    Map<String, List<Records.Sent>> moved = since(beforeMove, mesh, clusters);
    assertThat(moved.get(Topics.MESHES))
        .singleElement()
        .satisfies(r -> assertThat(r.as(MeshRecord.class).revision()).isEqualTo(revision + 1));
    assertThat(types(moved.get(Topics.EVENTS)))
        .containsExactly("io.meshfed.event.mesh.networks-changed.v1");
    assertThat(moved.get(Topics.DESIRED)).isEmpty();
    assertThat(moved.get(Topics.CREDENTIALS)).isEmpty();

    // p1 shares a credential, then p2 reports the digest of it applied.
    Map<String, List<Records.Sent>> beforeShare = written(mesh, clusters);
    report(status(mesh, "wa-p1", "10.8.0.1", envelope("p1-1", "wa-p2"), null));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(since(beforeShare, mesh, clusters).get(Topics.CREDENTIALS)).hasSize(1));
    report(status(mesh, "wa-p2", "10.8.0.22", null, Map.of("wa-p1", "p1-1")));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(since(beforeShare, mesh, clusters).get(Topics.CREDENTIALS)).hasSize(2));
    Map<String, List<Records.Sent>> shared = since(beforeShare, mesh, clusters);
    assertThat(shared.get(Topics.CREDENTIALS))
        .extracting(Records.Sent::key)
        .as("p1's record twice: its credential, then who applied it")
        .containsExactly("wa-p1", "wa-p1");
    SharedCredential applied = shared.get(Topics.CREDENTIALS).get(1).as(SharedCredential.class);
    assertThat(applied.credential().credentialId()).isEqualTo("p1-1");
    assertThat(applied.appliedBy()).containsExactly(Map.entry("wa-p2", "p1-1"));
    assertThat(applied.revision())
        .isEqualTo(shared.get(Topics.CREDENTIALS).get(0).as(SharedCredential.class).revision() + 1);
    assertThat(shared.get(Topics.MESHES)).isEmpty();
    assertThat(shared.get(Topics.DESIRED)).isEmpty();
    assertThat(shared.get(Topics.EVENTS)).isEmpty();

    // The remote reports, then leaves.
    report(status(mesh, "wa-r", "10.8.0.3", envelope("r-1", "wa-p1", "wa-p2"), null));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(sent(Topics.CREDENTIALS, r -> "wa-r".equals(r.key()))).isNotEmpty());
    Map<String, List<Records.Sent>> beforeLeave = written(mesh, clusters);
    asAdmin().when().delete("/api/v1/meshes/" + mesh + "/clusters/wa-r").then().statusCode(202);
    Map<String, List<Records.Sent>> leave = since(beforeLeave, mesh, clusters);

    assertThat(leave.get(Topics.CREDENTIALS))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo("wa-r");
              assertThat(r.isTombstone()).isTrue();
            });
    assertThat(leave.get(Topics.DESIRED))
        .extracting(r -> r.key() + (r.isTombstone() ? " deleted" : ""))
        .as("wa-p1 serves no remote any more; wa-p2's record stays")
        .containsExactlyInAnyOrder("wa-r deleted", "wa-p1");
    assertThat(leave.get(Topics.MESHES)).hasSize(1);

    // Every record of the state topics, tombstones too, speaks for the hub: signed over its topic,
    // key, value and time by the key the hub serves for agents to pin, each later than the one
    // before.
    String served =
        get("/api/v1/hub/signing-key").statusCode(200).extract().path("signingPublicKey");
    String keyId = get("/api/v1/hub/signing-key").extract().path("keyId");
    PublicKey hubKey = SigningKeys.decodePublicKey(served);
    Map<String, PublicKey> pinned = Map.of(keyId, hubKey);
    Map<String, List<Records.Sent>> all = written(mesh, clusters);
    for (String topic : List.of(Topics.DESIRED, Topics.CREDENTIALS, Topics.MESHES)) {
      assertThat(all.get(topic))
          .as("records on %s", topic)
          .isNotEmpty()
          .allSatisfy(
              r ->
                  assertThat(
                          HubRecordSignatures.verify(
                              pinned,
                              topic,
                              r.key(),
                              r.value(),
                              KafkaEvents.header(r.headers(), CloudEventHeaders.SIGNATURE),
                              KafkaEvents.header(r.headers(), CloudEventHeaders.KEY_ID),
                              KafkaEvents.header(r.headers(), CloudEventHeaders.SIGNED_AT)))
                      .as("the hub's signature of %s on %s", r.key(), topic)
                      .isEqualTo(HubRecordSignatures.Verdict.VALID));
      List<Long> times =
          all.get(topic).stream()
              .map(
                  r -> Long.parseLong(KafkaEvents.header(r.headers(), CloudEventHeaders.SIGNED_AT)))
              .toList();
      assertThat(times)
          .as("the times the hub signed the records of %s at, in the order written", topic)
          .isSorted()
          .doesNotHaveDuplicates();
    }
    assertThat(all.get(Topics.DESIRED)).anyMatch(Records.Sent::isTombstone);
  }
}
