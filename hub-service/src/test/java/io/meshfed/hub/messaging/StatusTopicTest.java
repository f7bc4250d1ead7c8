package io.meshfed.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterReady;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.ClusterUnreachable;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshNetworksChanged;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Phase;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Management;
import io.meshfed.hub.support.Records;
import io.meshfed.hub.support.Reports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Agents' reports on meshfed.status.v1: phases, gateway addresses, domain events. */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(3)
class StatusTopicTest extends HubFixture {

  @Inject UnreachableScheduler unreachable;

  private void report(ClusterStatus status) {
    sendStatus(Records.status(status.clusterName(), status));
  }

  private static ClusterStatus status(
      String mesh, String cluster, Phase phase, long gen, long rev, GatewayAddress... addresses) {
    return new ClusterStatus(
        mesh,
        cluster,
        phase,
        List.of(
            new Condition("Ready", phase == Phase.READY ? "True" : "False", "Test", null, null)),
        gen,
        rev,
        List.of(addresses),
        "test",
        List.of(),
        "https://" + cluster + ":6443",
        Instant.now());
  }

  private List<MeshRecord> meshRecords(String mesh) {
    return sent(Topics.MESHES, r -> mesh.equals(r.key())).stream()
        .map(r -> r.as(MeshRecord.class))
        .toList();
  }

  @Test
  void seedsThreeClustersConvergeAndMeshNetworksCarryEveryGateway() {
    declare("mdemo-mesh").statusCode(202);
    joinWithKey("mdemo-mesh", "mdemo-cluster1", "{\"role\":\"PRIMARY\",\"network\":\"network-c1\"}")
        .statusCode(202);
    joinWithKey("mdemo-mesh", "mdemo-cluster2", "{\"role\":\"PRIMARY\",\"network\":\"network-c2\"}")
        .statusCode(202);
    joinWithKey("mdemo-mesh", "mdemo-cluster3", "{\"role\":\"PRIMARY\",\"network\":\"network-c3\"}")
        .statusCode(202);
    int recordsBefore = meshRecords("mdemo-mesh").size();

    report(
        status(
            "mdemo-mesh", "mdemo-cluster1", Phase.READY, 1, 4, GatewayAddress.ip("10.64.30.73")));
    report(
        status(
            "mdemo-mesh", "mdemo-cluster2", Phase.READY, 1, 4, GatewayAddress.ip("10.6.136.29")));
    report(
        status(
            "mdemo-mesh", "mdemo-cluster3", Phase.READY, 1, 4, GatewayAddress.ip("10.64.30.77")));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<MeshRecord> records = meshRecords("mdemo-mesh");
              assertThat(records).hasSize(recordsBefore + 3);
              MeshRecord last = records.get(records.size() - 1);
              assertThat(last.revision()).isEqualTo(7);
              assertThat(last.meshNetworks().get("network-c1").gateways())
                  .containsExactly(new NetworkGateway("10.64.30.73", 15443));
              assertThat(last.meshNetworks().get("network-c2").gateways())
                  .containsExactly(new NetworkGateway("10.6.136.29", 15443));
              assertThat(last.meshNetworks().get("network-c3").gateways())
                  .containsExactly(new NetworkGateway("10.64.30.77", 15443));
              // The events of a batch follow its records onto the log.
              assertThat(sent(Topics.EVENTS, r -> "mdemo-mesh".equals(r.key())))
                  .filteredOn(r -> "io.meshfed.event.mesh.networks-changed.v1".equals(r.ceType()))
                  .last()
                  .satisfies(
                      r -> assertThat(r.as(MeshNetworksChanged.class).revision()).isEqualTo(7));
              assertThat(sent(Topics.EVENTS, r -> "mdemo-mesh".equals(r.key())))
                  .filteredOn(r -> "io.meshfed.event.cluster.ready.v1".equals(r.ceType()))
                  .extracting(r -> r.as(ClusterReady.class).clusterName())
                  .containsExactlyInAnyOrder("mdemo-cluster1", "mdemo-cluster2", "mdemo-cluster3");
            });

    get("/api/v1/meshes/mdemo-mesh")
        .body("converged", equalTo(false))
        .body("clusters.phase", contains("Ready", "Ready", "Ready"))
        .body("clusters[1].eastWestAddress", equalTo("10.6.136.29"))
        .body("clusters[1].observedGeneration", equalTo(1))
        .body("meshNetworks.network-c3.gateways[0].address", equalTo("10.64.30.77"));

    // A join rewrites no other member's desired record: every primary is at its first generation.
    List<Integer> generations =
        get("/api/v1/meshes/mdemo-mesh").extract().jsonPath().getList("clusters.generation");
    assertThat(generations).containsExactly(1, 1, 1);
    List<String> primaries = List.of("mdemo-cluster1", "mdemo-cluster2", "mdemo-cluster3");
    for (int i = 1; i <= 3; i++) {
      GatewayAddress a =
          GatewayAddress.ip(List.of("10.64.30.73", "10.6.136.29", "10.64.30.77").get(i - 1));
      String me = "mdemo-cluster" + i;
      List<String> others = primaries.stream().filter(p -> !p.equals(me)).toList();
      report(
          Reports.sharing(
              status("mdemo-mesh", me, Phase.READY, generations.get(i - 1), 7, a),
              me + "-1",
              others,
              null));
    }
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                get("/api/v1/meshes/mdemo-mesh")
                    .body("converged", equalTo(false))
                    .body("clusters.observedMeshRevision", contains(7, 7, 7)));
    // Each primary confirms the credentials of the two others: now every pair is read.
    for (int i = 1; i <= 3; i++) {
      GatewayAddress a =
          GatewayAddress.ip(List.of("10.64.30.73", "10.6.136.29", "10.64.30.77").get(i - 1));
      String me = "mdemo-cluster" + i;
      Map<String, String> applied = new TreeMap<>();
      primaries.stream().filter(p -> !p.equals(me)).forEach(p -> applied.put(p, p + "-1"));
      report(
          Reports.sharing(
              status("mdemo-mesh", me, Phase.READY, generations.get(i - 1), 7, a),
              me + "-1",
              applied.keySet(),
              applied));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> get("/api/v1/meshes/mdemo-mesh").body("converged", equalTo(true)));
    assertThat(meshRecords("mdemo-mesh"))
        .as("heartbeats write no mesh record")
        .hasSize(recordsBefore + 3);
  }

  @Test
  void hostnameChangeOfAGatewayIsPublishedAtOnce() {
    declare("st-b").statusCode(202);
    joinWithKey("st-b", "sb1", "{\"role\":\"PRIMARY\",\"network\":\"n1\"}").statusCode(202);
    joinWithKey("st-b", "sb2", "{\"role\":\"PRIMARY\",\"network\":\"n2\"}").statusCode(202);

    report(status("st-b", "sb1", Phase.READY, 1, 3, GatewayAddress.ip("10.0.0.1")));
    report(status("st-b", "sb1", Phase.READY, 1, 3, GatewayAddress.hostname("sb1.elb.example")));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(meshRecords("st-b"))
                    .last()
                    .satisfies(
                        m ->
                            assertThat(m.meshNetworks().get("n1").gateways())
                                .containsExactly(new NetworkGateway("sb1.elb.example", 15443))));
    get("/api/v1/meshes/st-b").body("clusters[0].eastWestAddress", equalTo("sb1.elb.example"));
  }

  @Test
  void malformedOrForeignStatusNeverStopsTheConsumer() {
    declare("st-c").statusCode(202);
    joinWithKey("st-c", "sc1", "{\"role\":\"PRIMARY\"}").statusCode(202);

    sendStatus(
        Records.raw(
            Topics.STATUS, "sc1", "{\"meshId\":\"st-c\"}", "io.meshfed.cluster.status.v1", "s-1"));
    report(status("st-other", "sc1", Phase.READY, 1, 1));
    report(status("st-c", "sc1", Phase.DEGRADED, 1, 2));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(sent(Topics.DLQ, r -> "sc1".equals(r.key())))
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.header("dead-letter-cause")).isEqualTo("MissingField");
                        assertThat(r.header("dead-letter-topic")).isEqualTo(Topics.STATUS);
                      });
              get("/api/v1/meshes/st-c").body("clusters[0].phase", equalTo("Degraded"));
              // The hub shows the phase once its records are written; the event follows.
              assertThat(sent(Topics.EVENTS, r -> "st-c".equals(r.key())))
                  .anySatisfy(
                      r ->
                          assertThat(r.ceType()).isEqualTo("io.meshfed.event.cluster.degraded.v1"));
            });
  }

  @Test
  void clusterWhoseHeartbeatsStopIsShownUnreachable() {
    declare("st-d").statusCode(202);
    joinWithKey("st-d", "sd1", "{\"role\":\"PRIMARY\"}").statusCode(202);
    report(status("st-d", "sd1", Phase.READY, 1, 2));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> get("/api/v1/meshes/st-d").body("clusters[0].phase", equalTo("Ready")));

    unreachable.check(Instant.now().plus(Duration.ofMinutes(5)));

    get("/api/v1/meshes/st-d").body("clusters[0].phase", equalTo("Unreachable"));
    assertThat(sent(Topics.EVENTS, r -> "st-d".equals(r.key())))
        .anySatisfy(r -> assertThat(r.as(ClusterUnreachable.class).clusterName()).isEqualTo("sd1"));
    String metrics = Management.metrics();
    assertThat(metrics).contains("meshfed_hub_unreachable_clusters{mesh=\"st-d\"} 1.0");
  }

  @Test
  void aBatchOfReportsWritesOneMeshRecordPerMesh() {
    declare("st-e").statusCode(202);
    for (int i = 1; i <= 3; i++) {
      joinWithKey("st-e", "se" + i, "{\"role\":\"PRIMARY\",\"network\":\"ne" + i + "\"}")
          .statusCode(202);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(meshRecords("st-e"))
                    .last()
                    .satisfies(m -> assertThat(m.primaries()).hasSize(3)));
    int recordsBefore = meshRecords("st-e").size();
    long revisionBefore = meshRecords("st-e").get(recordsBefore - 1).revision();

    sendStatus(
        Records.status(
            "se1", status("st-e", "se1", Phase.READY, 1, 3, GatewayAddress.ip("10.5.0.1"))),
        Records.status(
            "se2", status("st-e", "se2", Phase.READY, 1, 3, GatewayAddress.ip("10.5.0.2"))),
        Records.status(
            "se3", status("st-e", "se3", Phase.READY, 1, 3, GatewayAddress.ip("10.5.0.3"))));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sent(Topics.EVENTS, r -> "st-e".equals(r.key())))
                    .filteredOn(r -> "io.meshfed.event.cluster.ready.v1".equals(r.ceType()))
                    .extracting(r -> r.as(ClusterReady.class).clusterName())
                    .containsExactlyInAnyOrder("se1", "se2", "se3"));
    List<MeshRecord> records = meshRecords("st-e");
    assertThat(records).as("one mesh record for the whole batch").hasSize(recordsBefore + 1);
    MeshRecord last = records.get(records.size() - 1);
    assertThat(last.revision()).isEqualTo(revisionBefore + 1);
    assertThat(last.meshNetworks().get("ne1").gateways())
        .containsExactly(new NetworkGateway("10.5.0.1", 15443));
    assertThat(last.meshNetworks().get("ne3").gateways())
        .containsExactly(new NetworkGateway("10.5.0.3", 15443));
    assertThat(sent(Topics.EVENTS, r -> "st-e".equals(r.key())))
        .filteredOn(r -> "io.meshfed.event.mesh.networks-changed.v1".equals(r.ceType()))
        .extracting(r -> r.as(MeshNetworksChanged.class).revision())
        .filteredOn(revision -> revision > revisionBefore)
        .containsExactly(revisionBefore + 1);
  }

  @Test
  void aReportSupersededWithinItsBatchIsSkipped() {
    declare("st-f").statusCode(202);
    joinWithKey("st-f", "sf1", "{\"role\":\"PRIMARY\",\"network\":\"nf1\"}").statusCode(202);
    joinWithKey("st-f", "sf2", "{\"role\":\"PRIMARY\",\"network\":\"nf2\"}").statusCode(202);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(meshRecords("st-f"))
                    .last()
                    .satisfies(m -> assertThat(m.primaries()).hasSize(2)));
    int recordsBefore = meshRecords("st-f").size();

    sendStatus(
        Records.status(
            "sf1", status("st-f", "sf1", Phase.READY, 1, 2, GatewayAddress.ip("10.6.0.1"))),
        Records.status(
            "sf1", status("st-f", "sf1", Phase.READY, 1, 2, GatewayAddress.ip("10.6.0.9"))));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(meshRecords("st-f")).hasSize(recordsBefore + 1));
    assertThat(meshRecords("st-f"))
        .as("no mesh record ever carries the superseded address")
        .flatExtracting(m -> m.meshNetworks().values())
        .flatExtracting(NetworkSpec::gateways)
        .doesNotContain(new NetworkGateway("10.6.0.1", 15443));
    assertThat(meshRecords("st-f").get(recordsBefore).meshNetworks().get("nf1").gateways())
        .containsExactly(new NetworkGateway("10.6.0.9", 15443));
    get("/api/v1/meshes/st-f").body("clusters[0].eastWestAddress", equalTo("10.6.0.9"));
    assertThat(Management.metrics())
        .contains("meshfed_hub_status_ignored_total{reason=\"Superseded\"}");
  }

  @Test
  void anAddressThatIsNoIpOrDnsNameNeverReachesAnyPeersMeshNetworks() {
    declare("st-v").statusCode(202);
    joinWithKey("st-v", "sv1", "{\"role\":\"PRIMARY\",\"network\":\"nv1\"}").statusCode(202);
    joinWithKey("st-v", "sv2", "{\"role\":\"PRIMARY\",\"network\":\"nv2\"}").statusCode(202);
    report(status("st-v", "sv1", Phase.READY, 1, 1, GatewayAddress.ip("10.9.0.1")));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(meshRecords("st-v"))
                    .last()
                    .satisfies(
                        m ->
                            assertThat(m.meshNetworks().get("nv1").gateways())
                                .containsExactly(new NetworkGateway("10.9.0.1", 15443))));

    String genuine =
        new String(
            EventCodec.encode(
                status("st-v", "sv1", Phase.READY, 1, 1, GatewayAddress.ip("10.9.0.2"))),
            StandardCharsets.UTF_8);
    sendStatus(
        Records.raw(
            Topics.STATUS,
            "sv1",
            genuine.replace("\"10.9.0.2\"", "\"10.9.0.2\\n    - address: 203.0.113.66\""),
            "io.meshfed.cluster.status.v1",
            "v-1"),
        Records.raw(
            Topics.STATUS,
            "sv1",
            genuine.replace(
                "\"ip\":\"10.9.0.2\"", "\"hostname\":\"" + "a".repeat(300) + ".example\""),
            "io.meshfed.cluster.status.v1",
            "v-2"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sent(Topics.DLQ, r -> "sv1".equals(r.key())))
                    .extracting(r -> r.header("dead-letter-reason"))
                    .hasSize(2)
                    .anySatisfy(reason -> assertThat(reason).contains("eastWestAddresses[0].ip"))
                    .anySatisfy(
                        reason -> assertThat(reason).contains("eastWestAddresses[0].hostname")));
    assertThat(meshRecords("st-v"))
        .filteredOn(m -> m.meshNetworks().containsKey("nv1"))
        .isNotEmpty()
        .allSatisfy(
            m ->
                assertThat(m.meshNetworks().get("nv1").gateways())
                    .extracting(NetworkGateway::address)
                    .allMatch(a -> a.equals("10.9.0.1")));
  }

  @Test
  void aBadRecordInABatchIsDeadLetteredAndTheOthersApply() {
    declare("st-g").statusCode(202);
    joinWithKey("st-g", "sg1", "{\"role\":\"PRIMARY\",\"network\":\"ng1\"}").statusCode(202);
    joinWithKey("st-g", "sg2", "{\"role\":\"PRIMARY\",\"network\":\"ng2\"}").statusCode(202);

    sendStatus(
        Records.status(
            "sg1", status("st-g", "sg1", Phase.READY, 1, 2, GatewayAddress.ip("10.7.0.1"))),
        Records.raw(Topics.STATUS, "sg-bad", "not json", "io.meshfed.cluster.status.v1", "g-1"),
        Records.status(
            "sg2", status("st-g", "sg2", Phase.READY, 1, 2, GatewayAddress.ip("10.7.0.2"))));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(sent(Topics.DLQ, r -> "sg-bad".equals(r.key())))
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.header("dead-letter-cause")).isNotBlank();
                        assertThat(r.header("dead-letter-reason")).isNotBlank();
                        assertThat(r.header("dead-letter-topic")).isEqualTo(Topics.STATUS);
                      });
              assertThat(meshRecords("st-g"))
                  .last()
                  .satisfies(
                      m -> {
                        assertThat(m.meshNetworks().get("ng1").gateways())
                            .containsExactly(new NetworkGateway("10.7.0.1", 15443));
                        assertThat(m.meshNetworks().get("ng2").gateways())
                            .containsExactly(new NetworkGateway("10.7.0.2", 15443));
                      });
            });
    get("/api/v1/meshes/st-g").body("clusters.phase", contains("Ready", "Ready"));
  }
}
