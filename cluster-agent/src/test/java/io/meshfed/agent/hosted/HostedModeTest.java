package io.meshfed.agent.hosted;

import static io.meshfed.agent.hosted.HostedClustersResource.EAST;
import static io.meshfed.agent.hosted.HostedClustersResource.IDLE;
import static io.meshfed.agent.hosted.HostedClustersResource.NORTH;
import static io.meshfed.agent.hosted.HostedClustersResource.SOUTH;
import static io.meshfed.agent.hosted.HostedClustersResource.WEST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshfed.agent.component.ApiCallRecorder;
import io.meshfed.agent.component.Records;
import io.meshfed.agent.component.Tracked;
import io.meshfed.agent.member.MemberAgents;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.agent.model.MeshfedLabels;
import io.meshfed.agent.model.SeedTopologies;
import io.meshfed.agent.resource.ManagedKind;
import io.meshfed.agent.security.AgentKeysSecret;
import io.meshfed.agent.security.TestCa;
import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.security.kubeconfig.RemoteKubeconfig;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.seal.SealedEnvelope;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One agent process serving five clusters through their kubeconfigs: {@value
 * HostedClustersResource#EAST} and {@value HostedClustersResource#WEST} join mesh {@value #MESH} as
 * primaries, {@value HostedClustersResource#SOUTH} as a remote of east and {@value
 * HostedClustersResource#NORTH} as a remote of west, every cluster on a network of its own; {@value
 * HostedClustersResource#IDLE} is served but in no mesh. Each cluster gets its own objects from its
 * own desired record, a mesh or credential record reconciles exactly the clusters it concerns,
 * records of other clusters are skipped, the status comes out keyed per cluster, and a tombstone
 * makes one cluster leave without touching the others.
 */
@QuarkusTest
@TestProfile(HostedModeProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostedModeTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String MESH = "mesh-h";
  private static final String EAST_GATEWAY = "192.0.2.10";
  private static final String WEST_GATEWAY = "192.0.2.20";
  private static final String WEST_GATEWAY_MOVED = "192.0.2.21";
  private static final List<String> MEMBERS = List.of(EAST, NORTH, SOUTH, WEST);
  private static final List<String> PRIMARIES = List.of(EAST, WEST);
  private static final Map<String, String> REMOTES = Map.of(SOUTH, EAST, NORTH, WEST);

  /** The mesh's root, as the hub holds it: signs the clusters' intermediate CA requests. */
  private static final TestCa HUB = new TestCa(MESH);

  @Inject @Any InMemoryConnector connector;
  @Inject MemberAgents agents;

  @TestHTTPResource(value = "/health/ready", management = true)
  URL readinessUrl;

  @Test
  @Order(1)
  void eachClusterGetsExactlyItsOwnObjectsFromItsOwnDesiredRecord() {
    connector.source("meshes").send(Records.event(MESH, mesh(1, WEST_GATEWAY)));
    for (String cluster : MEMBERS) {
      connector.source("credentials").send(Records.event(cluster, apiServer(cluster)));
    }
    for (String cluster : MEMBERS) {
      connector.source("desired").send(Records.event(cluster, desired(cluster)));
    }

    // each primary asks for its own intermediate CA; the hub's answer lets Istio in
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String cluster : PRIMARIES) {
                assertThat(lastStatus(cluster).intermediateCsr()).isNotBlank();
              }
            });
    for (String cluster : PRIMARIES) {
      connector
          .source("desired")
          .send(
              Records.event(
                  cluster, HUB.answer(desired(cluster), lastStatus(cluster).intermediateCsr())));
    }

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String cluster : PRIMARIES) {
                assertThat(global(istio(cluster)))
                    .containsEntry("meshID", MESH)
                    .containsEntry("network", network(cluster))
                    .containsEntry("multiCluster", Map.of("clusterName", cluster))
                    .containsEntry("externalIstiod", true);
              }
              REMOTES.forEach(
                  (remote, primary) ->
                      assertThat(global(istio(remote)))
                          .containsEntry("remotePilotAddress", address(primary, WEST_GATEWAY)));
              for (String cluster : MEMBERS) {
                assertThat(lastStatus(cluster).phase()).isEqualTo(Phase.INSTALLING);
              }
            });
    for (String cluster : MEMBERS) {
      assertThat(clusterLabelsOfMeshfedObjects(cluster)).containsExactly(cluster);
      List<String> secrets = new ArrayList<>(List.of(AgentKeysSecret.NAME));
      if (PRIMARIES.contains(cluster)) {
        secrets.add("cacerts");
        MEMBERS.stream()
            .filter(peer -> !peer.equals(cluster))
            .forEach(peer -> secrets.add("istio-remote-secret-" + peer));
      }
      assertThat(
              HostedClustersResource.client(cluster)
                  .secrets()
                  .inNamespace(IstioNames.ISTIO_SYSTEM)
                  .list()
                  .getItems())
          .extracting(s -> s.getMetadata().getName())
          .containsExactlyInAnyOrderElementsOf(secrets);
      assertThat(
              HostedClustersResource.client(cluster)
                  .namespaces()
                  .withName(IstioNames.ISTIO_SYSTEM)
                  .get()
                  .getMetadata()
                  .getLabels())
          .containsEntry(MeshfedLabels.NETWORK, network(cluster));
    }
    assertThat(meshfedObjects(IDLE)).isEmpty();
    assertThat(agentKeys(IDLE)).as("the idle cluster's own keys").isNotNull();
    assertThat(lastStatus(EAST).signingPublicKey())
        .isNotEqualTo(lastStatus(WEST).signingPublicKey());
  }

  @Test
  @Order(2)
  void aRecordForAClusterItDoesNotServeIsSkipped() {
    Tracked unreadable =
        Tracked.of(Records.raw(EventType.DESIRED_MEMBERSHIP, "elsewhere", "not JSON at all"));
    Tracked valid = Tracked.of(Records.event("elsewhere", desired("elsewhere")));
    Tracked marker = Tracked.of(Records.raw(EventType.DESIRED_MEMBERSHIP, EAST, "{}"));

    connector.source("desired").send(unreadable.message());
    connector.source("desired").send(valid.message());
    connector.source("desired").send(marker.message());

    // records are handled in order: once the marker is rejected, the other two were handled
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(marker.nacked()).isCompleted());
    assertThat(unreadable.acked()).isCompleted();
    assertThat(unreadable.nacked()).isNotDone();
    assertThat(valid.acked()).isCompleted();
    for (String cluster : List.of(EAST, WEST, SOUTH, NORTH, IDLE)) {
      assertThat(clusterLabelsOfMeshfedObjects(cluster)).doesNotContain("elsewhere");
    }
    assertThat(statusMessages()).noneMatch(m -> "elsewhere".equals(key(m)));
  }

  @Test
  @Order(3)
  void theStatusRecordsComeOutKeyedPerCluster() {
    List<Message<byte[]>> messages = statusMessages();
    assertThat(messages)
        .extracting(HostedModeTest::key)
        .containsOnly(EAST, WEST, SOUTH, NORTH)
        .contains(EAST, SOUTH);
    for (Message<byte[]> message : messages) {
      ClusterStatus status = decode(message);
      assertThat(status.clusterName()).isEqualTo(key(message));
      assertThat(status.meshId()).isEqualTo(MESH);
      assertThat(header(message, CloudEventHeaders.SOURCE))
          .isEqualTo("/meshfed/agent/" + key(message));
      assertThat(header(message, CloudEventHeaders.TYPE))
          .isEqualTo(EventType.CLUSTER_STATUS.ceType());
    }
    assertThat(lastStatus(EAST).apiServerUrl())
        .isEqualTo(HostedClustersResource.client(EAST).getConfiguration().getMasterUrl())
        .isNotEqualTo(HostedClustersResource.client(WEST).getConfiguration().getMasterUrl());
  }

  @Test
  @Order(4)
  void aGatewayAddressChangeReconcilesTheClustersThatReadItAtOneWriteEachAndNoOtherOne() {
    settled();
    Map<String, Long> before = reconciles();
    MEMBERS.forEach(HostedClustersResource::agentCalls);

    // west's east-west address moves: meshNetworks (the primaries) and the discovery address of
    // west's remote north change; nothing south reads does
    connector.source("meshes").send(Records.event(MESH, mesh(2, WEST_GATEWAY_MOVED)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String cluster : PRIMARIES) {
                assertThat(global(istio(cluster)).get("meshNetworks").toString())
                    .contains(WEST_GATEWAY_MOVED);
              }
              assertThat(global(istio(NORTH)))
                  .containsEntry("remotePilotAddress", WEST_GATEWAY_MOVED);
              for (String cluster : MEMBERS) {
                assertThat(lastStatus(cluster).observedMeshRevision()).isEqualTo(2);
              }
            });
    settled();
    // what the watches hold is read instead of the API server: only the changed object is written
    for (String cluster : List.of(EAST, WEST, NORTH)) {
      assertThat(HostedClustersResource.agentCalls(cluster))
          .extracting(ApiCallRecorder.Call::toString)
          .filteredOn(call -> !call.startsWith("watch "))
          .containsExactly("update sailoperator.io/istios *");
    }
    // south reports the revision without a reconcile, and without a call to its API server
    assertThat(reconciles().get(SOUTH)).isEqualTo(before.get(SOUTH));
    assertThat(HostedClustersResource.agentCalls(SOUTH))
        .extracting(ApiCallRecorder.Call::toString)
        .filteredOn(call -> !call.startsWith("watch "))
        .isEmpty();
    assertThat(lastStatus(SOUTH).phase()).isEqualTo(Phase.INSTALLING);
    for (String cluster : List.of(EAST, WEST, NORTH)) {
      assertThat(reconciles().get(cluster)).isGreaterThan(before.get(cluster));
    }
    assertThat(reconciles().get(IDLE)).isEqualTo(before.get(IDLE));
  }

  @Test
  @Order(5)
  void aRemotesCredentialWakesOnlyThePrimariesAndItselfAndWhatTheyAppliedOnlyIt() throws Exception {
    settled();
    Map<String, Long> before = reconciles();

    // south shares its credential, sealed once for both primaries with the keys they reported
    Map<String, String> recipients = new TreeMap<>();
    for (String primary : PRIMARIES) {
      recipients.put(primary, lastStatus(primary).recipientPublicKey());
    }
    String kubeconfig =
        RemoteKubeconfig.render(
            SOUTH,
            apiServer(SOUTH).apiServerUrl(),
            new TestCa("south-api").rootPem(),
            "south-reader-token-0123456789abcdef");
    SealedEnvelope sealed =
        SealedEnvelope.seal(
            kubeconfig.getBytes(StandardCharsets.UTF_8),
            SOUTH,
            SealContext.REMOTE_SECRET,
            "south-1",
            recipients);
    CredentialEnvelope envelope =
        new CredentialEnvelope(
            SealContext.REMOTE_SECRET, "south-1", null, sealed.ciphertext(), sealed.wrappedKeys());
    connector
        .source("credentials")
        .send(Records.event(SOUTH, credential(SOUTH, 2, envelope, Map.of())));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String primary : PRIMARIES) {
                // the other members' remote secrets carry no credential yet: only south's counts
                assertThat(lastStatus(primary).appliedCredentialsDigest())
                    .isEqualTo(AppliedCredentials.digest(Map.of(SOUTH, "south-1")));
                assertThat(lastStatus(primary).appliedCredentialsCount()).isEqualTo(1);
                assertThat(lastStatus(primary).appliedCredentials()).isEmpty();
                assertThat(
                        HostedClustersResource.client(primary)
                            .secrets()
                            .inNamespace(IstioNames.ISTIO_SYSTEM)
                            .withName("istio-remote-secret-" + SOUTH)
                            .get()
                            .getMetadata()
                            .getAnnotations())
                    .containsEntry("meshfed.io/credential-id", "south-1");
              }
            });
    settled();
    Map<String, Long> afterEnvelope = reconciles();
    for (String primary : PRIMARIES) {
      assertThat(afterEnvelope.get(primary)).isGreaterThan(before.get(primary));
    }
    // south's own record changed too: it reads whether the record carries its envelope
    assertThat(afterEnvelope.get(SOUTH)).isGreaterThan(before.get(SOUTH));
    for (String cluster : List.of(NORTH, IDLE)) {
      assertThat(afterEnvelope.get(cluster))
          .as("%s not woken", cluster)
          .isEqualTo(before.get(cluster));
    }

    // the hub routes what the primaries applied back to south: only south reconciles
    connector
        .source("credentials")
        .send(
            Records.event(
                SOUTH, credential(SOUTH, 3, envelope, Map.of(EAST, "south-1", WEST, "south-1"))));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(reconciles().get(SOUTH)).isGreaterThan(afterEnvelope.get(SOUTH)));
    settled();
    for (String cluster : List.of(EAST, WEST, NORTH, IDLE)) {
      assertThat(reconciles().get(cluster))
          .as("%s not woken", cluster)
          .isEqualTo(afterEnvelope.get(cluster));
    }
  }

  @Test
  @Order(6)
  void aNewSendersRecordGivesEachPrimaryItsRemoteSecretAndItsTombstoneTakesItAway() {
    settled();
    Map<String, Long> before = reconciles();
    MEMBERS.forEach(HostedClustersResource::agentCalls);
    String joiner = "newcomer";

    // a member this process does not serve joins: its record is all the primaries learn of it
    connector.source("credentials").send(Records.event(joiner, apiServer(joiner)));
    // a record of another mesh, under a name no member of this one has
    connector
        .source("credentials")
        .send(
            Records.event(
                "stranger",
                new SharedCredential(
                    "mesh-other", "stranger", 1, "https://api.stranger:6443", null, null)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String primary : PRIMARIES) {
                assertThat(remoteSecret(primary, joiner))
                    .as("%s holds the newcomer's secret", primary)
                    .isNotNull();
              }
            });
    settled();
    for (String primary : PRIMARIES) {
      assertThat(remoteSecret(primary, "stranger")).as("another mesh's record").isNull();
      assertThat(reconciles().get(primary)).isGreaterThan(before.get(primary));
      // one write: the new remote secret, pointing at the newcomer's API server (no credential
      // sealed for this primary yet)
      assertThat(HostedClustersResource.agentCalls(primary))
          .extracting(ApiCallRecorder.Call::toString)
          .filteredOn(call -> !call.startsWith("watch "))
          .containsExactly("create core/secrets istio-system");
      assertThat(lastStatus(primary).appliedCredentialsCount())
          .as("a secret without credential is not an applied credential")
          .isEqualTo(1);
    }
    for (String cluster : List.of(SOUTH, NORTH, IDLE)) {
      assertThat(reconciles().get(cluster))
          .as("%s not woken", cluster)
          .isEqualTo(before.get(cluster));
      assertThat(remoteSecret(cluster, joiner)).isNull();
    }
    Map<String, Long> joined = reconciles();

    // it leaves: the hub tombstones its record, and each primary deletes its secret
    connector.source("credentials").send(Records.tombstone(Topics.CREDENTIALS, joiner));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String primary : PRIMARIES) {
                assertThat(remoteSecret(primary, joiner)).isNull();
              }
            });
    settled();
    for (String primary : PRIMARIES) {
      assertThat(HostedClustersResource.agentCalls(primary))
          .extracting(ApiCallRecorder.Call::toString)
          .filteredOn(call -> !call.startsWith("watch "))
          .containsExactly("delete core/secrets istio-system");
      assertThat(remoteSecret(primary, SOUTH)).as("the other peers stay").isNotNull();
    }
    for (String cluster : List.of(SOUTH, NORTH, IDLE)) {
      assertThat(reconciles().get(cluster)).isEqualTo(joined.get(cluster));
    }
  }

  @Test
  @Order(7)
  void aClusterInNoMeshGetsOnlyTheAgentsKeysAndIsNotWatched() {
    assertThat(HostedClustersResource.agentCalls(IDLE))
        .extracting(ApiCallRecorder.Call::toString)
        .noneMatch(call -> call.startsWith("watch "))
        .filteredOn(call -> !call.startsWith("get "))
        .containsExactly("create core/namespaces *", "create core/secrets istio-system");
    given()
        .get(readinessUrl)
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'meshfed-agent' }.status", Matchers.is("UP"))
        .body(
            "checks.find { it.name == 'meshfed-agent' }.data.'cluster.east'", Matchers.is("member"))
        .body(
            "checks.find { it.name == 'meshfed-agent' }.data.'cluster.west'", Matchers.is("member"))
        .body(
            "checks.find { it.name == 'meshfed-agent' }.data.'cluster.south'",
            Matchers.is("member"))
        .body(
            "checks.find { it.name == 'meshfed-agent' }.data.'cluster.idle'", Matchers.is("idle"));
  }

  @Test
  @Order(8)
  void aTombstoneForOneClusterRemovesOnlyThatClustersObjects() {
    int eastObjects = meshfedObjects(EAST).size();

    connector.source("desired").send(Records.tombstone(Topics.DESIRED, WEST));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(meshfedObjects(WEST)).isEmpty();
              assertThat(lastStatus(WEST).phase()).isEqualTo(Phase.LEFT);
            });
    assertThat(statuses(WEST)).extracting(ClusterStatus::phase).contains(Phase.LEAVING);
    assertThat(meshfedObjects(EAST)).hasSize(eastObjects);
    assertThat(istio(EAST)).isNotNull();
    assertThat(statuses(EAST))
        .extracting(ClusterStatus::phase)
        .doesNotContain(Phase.LEAVING, Phase.LEFT);
  }

  // --- the hub's records ------------------------------------------------------------------------

  private static DesiredMembership desired(String cluster) {
    if (REMOTES.containsKey(cluster)) {
      return new DesiredMembership(
          MESH,
          cluster,
          Role.REMOTE,
          network(cluster),
          REMOTES.get(cluster),
          "v1.28.1",
          null,
          null,
          null,
          1,
          1);
    }
    return SeedTopologies.withPlan(
        new DesiredMembership(
            MESH, cluster, Role.PRIMARY, network(cluster), null, "v1.28.1", null, null, null, 1, 1),
        true);
  }

  /** The mesh record, with west's east-west address as given. */
  private static MeshRecord mesh(long revision, String westGateway) {
    Map<String, NetworkSpec> networks = new TreeMap<>();
    Map<String, MeshPrimary> primaries = new TreeMap<>();
    for (String cluster : MEMBERS) {
      String gateway = PRIMARIES.contains(cluster) ? address(cluster, westGateway) : null;
      networks.put(network(cluster), SeedTopologies.network(List.of(cluster), gateway));
      if (PRIMARIES.contains(cluster)) {
        primaries.put(cluster, new MeshPrimary(gateway, null));
      }
    }
    return new MeshRecord(
        MESH,
        revision,
        "v1.28.1",
        new TreeMap<>(networks),
        new TreeMap<>(primaries),
        null,
        null,
        null);
  }

  private static String address(String primary, String westGateway) {
    return primary.equals(EAST) ? EAST_GATEWAY : westGateway;
  }

  /** A member's credential record before it shared a credential: its API server URL. */
  private static SharedCredential apiServer(String cluster) {
    return credential(cluster, 1, null, Map.of());
  }

  private static SharedCredential credential(
      String cluster, long revision, CredentialEnvelope envelope, Map<String, String> appliedBy) {
    return new SharedCredential(
        MESH,
        cluster,
        revision,
        "https://api." + cluster + ".example.com:6443",
        envelope,
        new TreeMap<>(appliedBy));
  }

  // --- the served clusters' reconciles ---------------------------------------------------------

  /** How many reconciles each served cluster ran. */
  private Map<String, Long> reconciles() {
    Map<String, Long> counts = new TreeMap<>();
    for (String cluster : List.of(EAST, WEST, SOUTH, NORTH, IDLE)) {
      counts.put(cluster, agents.member(cluster).orElseThrow().loop().reconciles());
    }
    return counts;
  }

  /** Waits until no served cluster has reconciled for a while (watch events of earlier writes). */
  private void settled() {
    AtomicReference<Map<String, Long>> seen = new AtomicReference<>(Map.of());
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .during(Duration.ofMillis(600))
        .until(() -> seen.getAndSet(reconciles()).equals(seen.get()));
  }

  private static String network(String cluster) {
    return "network-" + cluster;
  }

  // --- what the clusters hold -------------------------------------------------------------------

  private static HasMetadata remoteSecret(String cluster, String peer) {
    return HostedClustersResource.client(cluster)
        .secrets()
        .inNamespace(IstioNames.ISTIO_SYSTEM)
        .withName("istio-remote-secret-" + peer)
        .get();
  }

  private static GenericKubernetesResource istio(String cluster) {
    return HostedClustersResource.client(cluster)
        .genericKubernetesResources(ManagedKind.ISTIO.context())
        .withName(IstioNames.DEFAULT)
        .get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> global(GenericKubernetesResource istio) {
    assertThat(istio).isNotNull();
    Map<String, Object> spec = (Map<String, Object>) istio.getAdditionalProperties().get("spec");
    Map<String, Object> values = (Map<String, Object>) spec.get("values");
    return (Map<String, Object>) values.get("global");
  }

  /**
   * Every object meshfed created in a cluster for a membership, of every kind it writes: all but
   * the agent's keys, which the agent makes for every cluster it serves.
   */
  private static List<HasMetadata> meshfedObjects(String cluster) {
    List<HasMetadata> objects = new ArrayList<>();
    for (ManagedKind kind : ManagedKind.values()) {
      var all = HostedClustersResource.client(cluster).genericKubernetesResources(kind.context());
      var scoped = kind.namespaced() ? all.inAnyNamespace() : all;
      objects.addAll(
          scoped
              .withLabel(MeshfedLabels.MANAGED_BY, MeshfedLabels.MANAGED_BY_VALUE)
              .list()
              .getItems()
              .stream()
              .filter(o -> !AgentKeysSecret.NAME.equals(o.getMetadata().getName()))
              .toList());
    }
    return objects;
  }

  private static HasMetadata agentKeys(String cluster) {
    return HostedClustersResource.client(cluster)
        .secrets()
        .inNamespace(IstioNames.ISTIO_SYSTEM)
        .withName(AgentKeysSecret.NAME)
        .get();
  }

  private static TreeSet<String> clusterLabelsOfMeshfedObjects(String cluster) {
    TreeSet<String> labels = new TreeSet<>();
    meshfedObjects(cluster)
        .forEach(o -> labels.add(o.getMetadata().getLabels().get(MeshfedLabels.CLUSTER)));
    return labels;
  }

  // --- the status topic -------------------------------------------------------------------------

  private List<Message<byte[]>> statusMessages() {
    return new ArrayList<>(connector.<byte[]>sink("status").received());
  }

  private List<ClusterStatus> statuses(String cluster) {
    return statusMessages().stream()
        .filter(m -> cluster.equals(key(m)))
        .map(HostedModeTest::decode)
        .toList();
  }

  private ClusterStatus lastStatus(String cluster) {
    List<ClusterStatus> statuses = statuses(cluster);
    assertThat(statuses).as("status records of " + cluster).isNotEmpty();
    return statuses.get(statuses.size() - 1);
  }

  private static String key(Message<byte[]> message) {
    return message
        .getMetadata(OutgoingKafkaRecordMetadata.class)
        .map(m -> (String) m.getKey())
        .orElse(null);
  }

  private static String header(Message<byte[]> message, String name) {
    return message
        .getMetadata(OutgoingKafkaRecordMetadata.class)
        .map(m -> KafkaEvents.header(m.getHeaders(), name))
        .orElse(null);
  }

  private static ClusterStatus decode(Message<byte[]> message) {
    try {
      return EventCodec.decode(ClusterStatus.class, message.getPayload());
    } catch (Exception e) {
      throw new AssertionError("a status record that does not decode", e);
    }
  }
}
