package io.meshfed.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.deploy.MetricReferences;
import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.model.RequestRejected;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventJson;
import io.meshfed.sandbox.Sandbox;
import io.meshfed.sandbox.SimulatedMember;
import io.meshfed.sandbox.Topology;
import io.meshfed.sandbox.e2e.ManagedObjects.Ref;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One mesh through its life on the real broker: two primaries and a remote form the mesh while the
 * hub restarts; then the hub and an agent restart again, malformed records arrive on every topic
 * the services read, gateway addresses change, and the remote leaves; last, the services expose
 * what the dashboards and alerts query. Every test starts from a converged mesh and leaves one
 * behind; they run in the order a mesh lives.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshLifecycleE2eTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String MESH = "e2e-mesh";
  private static final String HUB_GROUP = "meshfed-hub";

  private static Topology topology;
  private static DesignTable design;
  private static Sandbox sandbox;
  private static MeshView view;
  private static BrokerLog log;

  @BeforeAll
  static void formTheMeshWhileTheHubRestarts() throws IOException {
    topology = E2eSandboxes.testTopology("two-primaries-one-remote.yaml");
    design = new DesignTable(topology);
    sandbox = E2eSandboxes.started("lifecycle", topology);
    view = new MeshView(sandbox);
    log = new BrokerLog(sandbox.kafka());
    long t0 = System.nanoTime();
    sandbox.declare();
    // Mid-way: every join is accepted and on the log, the agents are applying and reporting.
    sandbox.restartHub();
    sandbox
        .awaitConverged(t0)
        .orElseThrow(() -> new AssertionError("the mesh did not converge across a hub restart"));
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void theMeshFormedAcrossAHubRestartWithNothingRepublished() {
    assertEveryMemberHoldsItsObjects(design);

    Map<String, List<JsonNode>> desired = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : log.records(Topics.DESIRED)) {
      desired
          .computeIfAbsent(r.key(), k -> new ArrayList<>())
          .add(withoutCounters((DesiredMembership) BrokerLog.decode(r)));
    }
    assertThat(desired.keySet())
        .as("clusters with a desired record")
        .containsExactlyInAnyOrder("east", "west", "south");
    desired.forEach(
        (cluster, records) -> {
          for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i))
                .as("desired record %d of %s repeats record %d", i, cluster, i - 1)
                .isNotEqualTo(records.get(i - 1));
          }
        });

    List<MeshRecord> meshes =
        log.records(Topics.MESHES).stream()
            .filter(r -> MESH.equals(r.key()))
            .map(r -> (MeshRecord) BrokerLog.decode(r))
            .toList();
    assertThat(meshes).as("mesh records").isNotEmpty();
    for (int i = 1; i < meshes.size(); i++) {
      assertThat(withoutRevision(meshes.get(i)))
          .as("mesh record %d repeats record %d", i, i - 1)
          .isNotEqualTo(withoutRevision(meshes.get(i - 1)));
    }
  }

  @Test
  @Order(2)
  void aHubRestartAfterConvergenceRepublishesNothing() throws Exception {
    Map<String, Integer> before =
        log.counts(Topics.DESIRED, Topics.MESHES, Topics.CREDENTIALS, Topics.EVENTS);

    sandbox.restartHub();
    Map<TopicPartition, Long> statusEnd = log.endOffsets(Topics.STATUS);
    awaitConverged();
    // The restarted hub has taken in every status report that was on the log once it was ready;
    // whatever it wanted to publish about them is on the log before it commits them.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<TopicPartition, Long> committed = log.committed(HUB_GROUP, Topics.STATUS);
              statusEnd.forEach(
                  (tp, end) ->
                      assertThat(committed.getOrDefault(tp, 0L))
                          .as("hub's committed offset on %s", tp)
                          .isGreaterThanOrEqualTo(end));
            });

    assertThat(log.counts(Topics.DESIRED, Topics.MESHES, Topics.CREDENTIALS, Topics.EVENTS))
        .as("records per topic after the hub restarted")
        .isEqualTo(before);
    assertEveryMemberHoldsItsObjects(design);

    // A copy of a signed request the hub took in before it restarted, sent again within its age
    // limit: the restarted hub read the outcome back from the log, takes the copy for what it is
    // (taken in already) and gives it no second outcome.
    ConsumerRecord<String, byte[]> taken = log.records(Topics.REQUESTS).get(0);
    String takenId = BrokerLog.header(taken, "ce_id");
    double duplicatesBefore =
        Scrape.of(sandbox.hubManagementUrl())
            .sum("meshfed_hub_requests_total", "outcome=\"duplicate\"");
    ProducerRecord<String, byte[]> copy =
        new ProducerRecord<>(Topics.REQUESTS, null, taken.key(), taken.value(), taken.headers());
    log.send(copy);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        Scrape.of(sandbox.hubManagementUrl())
                            .sum("meshfed_hub_requests_total", "outcome=\"duplicate\""))
                    .as("requests the restarted hub found taken in already")
                    .isEqualTo(duplicatesBefore + 1));
    assertThat(
            log.records(Topics.EVENTS).stream()
                .map(BrokerLog::decode)
                .filter(
                    e ->
                        (e instanceof RequestAccepted a && takenId.equals(a.requestId()))
                            || (e instanceof RequestRejected r && takenId.equals(r.requestId()))))
        .as("outcomes of request %s and its copy", takenId)
        .singleElement()
        .isInstanceOf(RequestAccepted.class);
    assertThat(log.counts(Topics.DESIRED, Topics.MESHES, Topics.CREDENTIALS))
        .as("state records after the copy")
        .isEqualTo(
            Map.of(
                Topics.DESIRED, before.get(Topics.DESIRED),
                Topics.MESHES, before.get(Topics.MESHES),
                Topics.CREDENTIALS, before.get(Topics.CREDENTIALS)));
  }

  @Test
  @Order(3)
  void anAgentRestartRewritesNothingThatIsAlreadyRight() throws Exception {
    // Everything in place first, the peers' credentials too.
    assertEveryMemberHoldsItsObjects(design);
    KubernetesClient west = client("west");
    Map<Ref, String> before = ManagedObjects.resourceVersions(west);
    assertThat(before).as("west's objects").isNotEmpty();

    sandbox.restartAgent("west");
    Instant restarted = Instant.now();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        Scrape.of(sandbox.agentManagementUrl("west"))
                            .sum("meshfed_agent_reconcile_total"))
                    .as("reconciles of the restarted agent")
                    .isGreaterThanOrEqualTo(1));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode cluster = clusterView("west");
              assertThat(cluster.path("phase").asText()).isEqualTo("Ready");
              assertThat(Instant.parse(cluster.path("lastSeen").asText())).isAfter(restarted);
            });

    assertThat(ManagedObjects.resourceVersions(west))
        .as("resource versions of west's objects after its agent restarted")
        .isEqualTo(before);
    assertThat(
            Scrape.of(sandbox.agentManagementUrl("west"))
                .sum("meshfed_agent_objects_written_total"))
        .as("objects the restarted agent wrote")
        .isZero();
    awaitConverged();
  }

  @Test
  @Order(4)
  void malformedRecordsGoToTheDeadLetterTopicAndTheMeshStillConverges() throws Exception {
    String marker = UUID.randomUUID().toString();
    String requestId = UUID.randomUUID().toString();
    // Keys the services act on: a member cluster whose agent reads it, the mesh. A request
    // without a key names no mesh to answer to: it is a dead letter. One that names its mesh and
    // its id is answered with a rejection instead (docs/events.md).
    // Both are signed with the platform team's registered key: without it, the second would be
    // refused Unauthenticated before its body is looked at. (The first names no mesh to sign for.)
    String badJson = "{\"meshId\": \"e2e-";
    java.security.PrivateKey platform = sandbox.requestSigningKey();
    log.send(
        BrokerLog.event(Topics.REQUESTS, null, EventType.JOIN_CLUSTER, marker, id(), badJson),
        BrokerLog.signed(
            BrokerLog.event(
                Topics.REQUESTS, MESH, EventType.JOIN_CLUSTER, marker, requestId, badJson),
            "platform-team",
            platform),
        BrokerLog.event(
            Topics.DESIRED,
            "south",
            EventType.DESIRED_MEMBERSHIP,
            marker,
            id(),
            "{\"meshId\": \"e2e-mesh\", \"clusterName\": \"south\"}"),
        BrokerLog.event(
            Topics.MESHES, MESH, EventType.MESH_RECORD, marker, id(), "not json at all"),
        BrokerLog.event(
            Topics.CREDENTIALS, "gone", EventType.SHARED_CREDENTIAL, marker, id(), "{\"sender\":"),
        BrokerLog.event(
            Topics.STATUS,
            "south",
            EventType.CLUSTER_STATUS,
            marker,
            id(),
            "{\"clusterName\": \"south\", \"phase\": \"Ready\"}"),
        // A well-formed report for south that its agent did not sign: it speaks for nobody.
        BrokerLog.event(
            Topics.STATUS,
            "south",
            EventType.CLUSTER_STATUS,
            marker,
            id(),
            new String(
                EventCodec.encode(
                    new ClusterStatus(
                        MESH,
                        "south",
                        Phase.READY,
                        List.of(),
                        1,
                        1,
                        List.of(GatewayAddress.ip("10.99.0.1")),
                        "forged",
                        List.of(),
                        "https://south.example:6443",
                        Instant.now())),
                StandardCharsets.UTF_8)));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, List<ConsumerRecord<String, byte[]>>> dead =
                  log.records(Topics.DLQ).stream()
                      .filter(r -> marker.equals(BrokerLog.header(r, "ce_source")))
                      .collect(
                          Collectors.groupingBy(r -> BrokerLog.header(r, "dead-letter-topic")));
              assertThat(dead.keySet())
                  .as("topics whose malformed record reached %s", Topics.DLQ)
                  .containsExactlyInAnyOrder(
                      Topics.REQUESTS,
                      Topics.DESIRED,
                      Topics.MESHES,
                      Topics.CREDENTIALS,
                      Topics.STATUS);
              dead.values().stream()
                  .flatMap(List::stream)
                  .forEach(
                      r ->
                          assertThat(BrokerLog.header(r, "dead-letter-reason"))
                              .as("dead-letter reason of the record from %s", r.topic())
                              .isNotBlank());
              assertThat(dead.get(Topics.STATUS))
                  .as("the unsigned report for south")
                  .anySatisfy(
                      r ->
                          assertThat(BrokerLog.header(r, "dead-letter-cause"))
                              .isEqualTo("SignatureMissing"));
              assertThat(dead.get(Topics.REQUESTS))
                  .as("dead requests")
                  .singleElement()
                  .satisfies(r -> assertThat(r.key()).isNull());
              List<RequestRejected> rejected =
                  log.records(Topics.EVENTS).stream()
                      .map(BrokerLog::decode)
                      .filter(RequestRejected.class::isInstance)
                      .map(RequestRejected.class::cast)
                      .filter(e -> requestId.equals(e.requestId()))
                      .toList();
              assertThat(rejected)
                  .as("the rejection of the unreadable request %s", requestId)
                  .singleElement()
                  .satisfies(
                      e -> {
                        assertThat(e.message()).isNotBlank();
                        assertThat(e.actor())
                            .as("the sender, named by its key: the body was looked at")
                            .isEqualTo("platform-team");
                      });
            });

    // Every consumer keeps going. Requests (the REST call goes through the request topic) and
    // south's desired record: a new gateway placement, applied by south's agent.
    long before = clusterView("south").path("generation").asLong();
    ObjectNode body = sandbox.hub().clusterBody(design.spec("south"));
    body.putObject("gatewayPlacement").putObject("nodeSelector").put("meshfed.io/e2e", "gateways");
    long generation = sandbox.hub().putCluster(MESH, "south", body).path("generation").asLong();
    assertThat(generation).as("south's new generation").isEqualTo(before + 1);
    // Status and meshes: south's load balancer moves, east and west learn it from the mesh record.
    member("south")
        .cluster()
        .loadBalancers()
        .reassign("istio-system", DesignTable.EAST_WEST, "10.30.0.2");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      client("south")
                          .apps()
                          .deployments()
                          .inNamespace("istio-system")
                          .withName(DesignTable.EAST_WEST)
                          .get()
                          .getSpec()
                          .getTemplate()
                          .getSpec()
                          .getNodeSelector())
                  .as("south's east-west gateway node selector")
                  .containsEntry("meshfed.io/e2e", "gateways");
              for (String primary : List.of("east", "west")) {
                assertThat(
                        MemberAssertions.meshNetworksOf(client(primary))
                            .path("network-south")
                            .path("gateways"))
                    .as("network-south gateways on %s", primary)
                    .isEqualTo(JSON.readTree("[{\"address\": \"10.30.0.2\", \"port\": 15443}]"));
              }
            });
    JsonNode mesh = awaitConverged();
    assertThat(clusterOf(mesh, "south").path("observedGeneration").asLong())
        .as("south's observed generation")
        .isGreaterThanOrEqualTo(generation);
    assertEveryMemberHoldsItsObjects(design);
  }

  @Test
  @Order(5)
  void aGatewayAddressChangeReachesEveryPrimarysIstio() throws Exception {
    member("east")
        .cluster()
        .loadBalancers()
        .reassign("istio-system", DesignTable.EAST_WEST, "10.10.0.2");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (String primary : List.of("east", "west")) {
                assertThat(
                        MemberAssertions.meshNetworksOf(client(primary))
                            .path("network-east")
                            .path("gateways"))
                    .as("network-east gateways on %s", primary)
                    .isEqualTo(JSON.readTree("[{\"address\": \"10.10.0.2\", \"port\": 15443}]"));
              }
            });
    awaitConverged();
    // The remote served by east now dials east's new address; everything else is as designed.
    assertEveryMemberHoldsItsObjects(design);
    assertThat(view.eastWestAddress("east")).isEqualTo("10.10.0.2");
  }

  @Test
  @Order(6)
  void aLeavingClusterTakesItsObjectsAndItsRemoteSecretsAlong() throws Exception {
    // The token east reads south with: from south's TokenRequest API, bound to a Secret of south
    String southToken = readerTokenHeldBy("east", "south");
    assertThat(
            member("south")
                .cluster()
                .apiServer()
                .handle("GET", "/api/v1/services", southToken, null, null)
                .code())
        .as("east reads south's services with the token south sealed for it")
        .isEqualTo(200);
    assertThat(
            client("south")
                .secrets()
                .inNamespace("istio-system")
                .withLabel("meshfed.io/component", "reader-token")
                .list()
                .getItems())
        .as("south's reader token Secrets")
        .isNotEmpty()
        .allSatisfy(
            secret ->
                assertThat(secret.getType())
                    .as("bound tokens, no legacy token Secret")
                    .isEqualTo("Opaque"));

    sandbox.hub().leave(MESH, "south");

    DesignTable remaining =
        new DesignTable(
            new Topology(
                topology.mesh(),
                topology.istioVersion(),
                topology.clusters().stream().filter(c -> !c.name().equals("south")).toList()));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              // The agent keeps its keys when the cluster leaves (to join again as itself).
              assertThat(ManagedObjects.of(client("south")).keySet())
                  .as("meshfed objects left on south")
                  .containsExactly(Ref.inSystem("Secret", DesignTable.AGENT_KEYS));
              assertThat(
                      client("east")
                          .secrets()
                          .inNamespace("istio-system")
                          .withName("istio-remote-secret-south")
                          .get())
                  .as("east's remote secret for south")
                  .isNull();
              for (String primary : List.of("east", "west")) {
                assertThat(MemberAssertions.meshNetworksOf(client(primary)).has("network-south"))
                    .as("network-south in meshNetworks on %s", primary)
                    .isFalse();
              }
            });
    assertThat(
            member("south")
                .cluster()
                .apiServer()
                .handle("GET", "/api/v1/services", southToken, null, null)
                .code())
        .as("the token south shared is revoked: its Secret is gone")
        .isEqualTo(401);
    JsonNode mesh = awaitConverged();
    assertThat(mesh.path("clusters").findValuesAsText("name"))
        .as("members after south left")
        .containsExactlyInAnyOrder("east", "west");
    // East serves no remote any more: no externalIstiod, no exposed istiod.
    MemberAssertions members =
        new MemberAssertions(remaining, view::eastWestAddress, view::apiServerUrl);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              members.holdsExactlyItsObjects("east", client("east"));
              members.holdsExactlyItsObjects("west", client("west"));
            });
  }

  @Test
  @Order(7)
  void everyMetricTheDashboardsAndAlertsQueryIsExposed() throws IOException {
    // After the mesh's life, so that every path that counts (requests, dead letters, address
    // changes) has run in these processes: the names the dashboards and rules query must be names
    // the services expose.
    Set<String> referenced = MetricReferences.inDeployDir(E2eSandboxes.home().resolve("deploy"));
    assertThat(referenced).as("metrics the dashboards and alert rules query").isNotEmpty();

    String hub = Scrape.of(sandbox.hubManagementUrl()).text();
    String agent = Scrape.of(sandbox.agentManagementUrl("east")).text();

    assertThat(MetricReferences.unexposed(referenced, List.of(hub, agent)))
        .as("metrics queried in deploy/ that neither the hub nor an agent exposes")
        .isEmpty();
  }

  private static void assertEveryMemberHoldsItsObjects(DesignTable table) {
    MemberAssertions members =
        new MemberAssertions(table, view::eastWestAddress, view::apiServerUrl);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (Topology.ClusterSpec c : table.topology().clusters()) {
                members.holdsExactlyItsObjects(c.name(), client(c.name()));
              }
            });
  }

  private static JsonNode awaitConverged() throws IOException {
    return sandbox
        .awaitConverged(System.nanoTime())
        .orElseThrow(() -> new AssertionError("the mesh did not converge"));
  }

  private static JsonNode clusterView(String cluster) throws IOException {
    return clusterOf(sandbox.hub().mesh(MESH), cluster);
  }

  private static JsonNode clusterOf(JsonNode mesh, String cluster) {
    for (JsonNode c : mesh.path("clusters")) {
      if (cluster.equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new AssertionError("no cluster " + cluster + " in " + mesh);
  }

  private static SimulatedMember member(String cluster) {
    return sandbox.members().get(cluster);
  }

  /** The bearer token in the kubeconfig of {@code peer} that {@code holder} holds. */
  private static String readerTokenHeldBy(String holder, String peer) {
    var secret =
        client(holder)
            .secrets()
            .inNamespace("istio-system")
            .withName("istio-remote-secret-" + peer)
            .get();
    assertThat(secret).as("%s's remote secret of %s", holder, peer).isNotNull();
    String kubeconfig =
        new String(
            java.util.Base64.getDecoder().decode(secret.getData().get(peer)),
            StandardCharsets.UTF_8);
    return io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfig).getAutoOAuthToken();
  }

  private static KubernetesClient client(String cluster) {
    return member(cluster).cluster().client();
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  /** The record as JSON without generation and epoch: what it asks for, not which change it is. */
  private static JsonNode withoutCounters(DesiredMembership d) {
    ObjectNode json = EventJson.mapper().valueToTree(d);
    json.remove("generation");
    json.remove("epoch");
    return json;
  }

  /** The record as JSON without its revision: what the mesh state says, not which change it is. */
  private static JsonNode withoutRevision(MeshRecord m) {
    ObjectNode json = EventJson.mapper().valueToTree(m);
    json.remove("revision");
    return json;
  }
}
