package io.meshfed.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.events.schema.EventSchemas;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Records;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every record the hub writes validates against the JSON Schema it publishes for its type: a mesh
 * whose networks are label values that are not DNS labels ({@code Network_C1}, {@code net.c1}),
 * with a remote, reports, a shared credential, a rejected request and a leave, and each desired,
 * credential, mesh and event record written on the way is checked by the schema of its ce_type.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(8)
class PublishedRecordsMatchSchemasTest extends HubFixture {

  private static final List<String> TOPICS =
      List.of(Topics.DESIRED, Topics.CREDENTIALS, Topics.MESHES, Topics.EVENTS);

  @Test
  void everyRecordWrittenForAMeshWithLabelValueNetworksValidates() {
    String mesh = "schema-a";
    Set<String> clusters = Set.of("sa-p1", "sa-p2", "sa-r1");
    declare(mesh).statusCode(202);
    joinWithKey(mesh, "sa-p1", "{\"role\":\"PRIMARY\",\"network\":\"Network_C1\"}").statusCode(202);
    joinWithKey(mesh, "sa-p2", "{\"role\":\"PRIMARY\",\"network\":\"net.c1\"}").statusCode(202);
    joinWithKey(
            mesh,
            "sa-r1",
            "{\"role\":\"REMOTE\",\"network\":\"Network_C1\",\"controlPlaneCluster\":\"sa-p1\"}")
        .statusCode(202);
    join(mesh, "sa-x", "{\"role\":\"REMOTE\",\"controlPlaneCluster\":\"sa-none\"}").statusCode(400);
    report(status(mesh, "sa-p1", "10.9.0.1", envelope("sa-p1-1", "sa-p2", "sa-r1")));
    report(status(mesh, "sa-p2", "10.9.0.2", envelope("sa-p2-1", "sa-p1", "sa-r1")));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(lastMeshRecord(mesh).meshNetworks())
                    .containsKeys("Network_C1", "net.c1")
                    .allSatisfy((n, spec) -> assertThat(spec.gateways()).isNotEmpty()));
    asAdmin().when().delete("/api/v1/meshes/" + mesh + "/clusters/sa-r1").then().statusCode(202);

    List<String> problems = new ArrayList<>();
    Set<String> types = new TreeSet<>();
    for (String topic : TOPICS) {
      boolean byMesh = topic.equals(Topics.MESHES) || topic.equals(Topics.EVENTS);
      for (Records.Sent r :
          sent(topic, r -> byMesh ? mesh.equals(r.key()) : clusters.contains(r.key()))) {
        if (r.isTombstone()) {
          continue;
        }
        EventType type =
            EventType.ofCeType(r.ceType())
                .orElseThrow(() -> new AssertionError("no schema for ce_type " + r.ceType()));
        types.add(type.messageName());
        EventSchemas.validate(type, r.value())
            .forEach(
                v ->
                    problems.add(
                        topic
                            + " key="
                            + r.key()
                            + " "
                            + type.messageName()
                            + " "
                            + v.field()
                            + ": "
                            + v.message()));
      }
    }

    assertThat(types)
        .contains(
            "DesiredMembership",
            "SharedCredential",
            "MeshRecord",
            "RequestAccepted",
            "RequestRejected",
            "ClusterJoined",
            "MeshNetworksChanged",
            "ClusterLeft");
    assertThat(problems).as("records that break their published schema").isEmpty();
  }

  private static ClusterStatus status(
      String mesh, String cluster, String ip, CredentialEnvelope shared) {
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
        java.util.Base64.getEncoder().encodeToString(("key-of-" + cluster).getBytes()),
        null,
        null,
        shared,
        shared.credentialId(),
        null,
        null);
  }

  private static CredentialEnvelope envelope(String id, String... recipients) {
    Map<String, String> wrapped = new TreeMap<>();
    for (String r : recipients) {
      wrapped.put(r, "d3JhcHBlZA==");
    }
    return new CredentialEnvelope("remote-secret", id, null, "Y2lwaGVy", new TreeMap<>(wrapped));
  }

  private void report(ClusterStatus s) {
    sendStatus(Records.status(s.clusterName(), s));
  }

  private MeshRecord lastMeshRecord(String mesh) {
    List<Records.Sent> records = sent(Topics.MESHES, r -> mesh.equals(r.key()));
    return records.get(records.size() - 1).as(MeshRecord.class);
  }
}
