package io.meshfed.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.model.RequestRejected;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.UpdateCluster;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.kafka.KafkaClientConfig;
import io.meshfed.sandbox.Sandbox;
import io.meshfed.sandbox.SimulatedMember;
import io.meshfed.sandbox.Topology;
import io.meshfed.sandbox.cluster.apiserver.FaultInjector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The short faults of the fault matrix, each injected for real while requests and address changes
 * keep arriving: a burst of signed requests on the request topic, the hub killed with SIGKILL in
 * the middle of a batch, an agent killed with SIGKILL while it applies a join, a member's API
 * server answering 500 and then 429, and the broker stopped and started again. After each, every
 * request has its outcome, no accepted request is lost or applied twice, every desired record
 * belongs to an accepted request, every member holds exactly its objects and the hub and the
 * reachability oracle agree the mesh is whole. The time until then is printed (and appended to
 * {@code target/e2e/fault-matrix/recovery.tsv}), never asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixE2eTest {

  private static final String MESH = "e2e-mesh";
  private static final String PLATFORM_TEAM = "platform-team";

  /** The label a fault's requests set on a member's east-west gateway pods, one value each. */
  private static final String LABEL = "meshfed.io/fault";

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofMillis(250);

  private static Topology topology;
  private static DesignTable design;
  private static Sandbox sandbox;
  private static MeshView view;
  private static BrokerLog log;
  private static PrivateKey platformKey;
  private static Path recoveryFile;

  @BeforeAll
  static void formTheMesh() throws IOException {
    topology = E2eSandboxes.testTopology("two-primaries-one-remote.yaml");
    design = new DesignTable(topology);
    sandbox = E2eSandboxes.started("fault-matrix", topology);
    view = new MeshView(sandbox);
    log = new BrokerLog(sandbox.kafka());
    platformKey = sandbox.requestSigningKey();
    recoveryFile = E2eSandboxes.home().resolve("sandbox/target/e2e/fault-matrix/recovery.tsv");
    sandbox.declareAndAwait().orElseThrow(() -> new AssertionError("the mesh did not converge"));
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void aBurstOfSignedRequestsIsEachDecidedOnceAndApplied() throws Exception {
    List<Update> burst = updates("b", 300);
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (Update u : burst) {
        producer.send(u.record());
      }
      producer.flush();
    }
    long sent = System.nanoTime();
    System.out.printf(
        "FAULT burst: %d signed requests on %s in %.1fs%n",
        burst.size(), Topics.REQUESTS, (sent - start) / 1e9);

    Map<String, List<Object>> outcomes = awaitOutcomes(burst);
    long recovered = awaitRecovered(lastValues(burst));
    assertEachAcceptedOnceAndNoOtherOutcome(burst, outcomes);
    assertDesiredRecordsMatchTheAccepted(burst, outcomes);
    assertEveryMemberHoldsItsObjects();
    record(
        "burst of " + burst.size() + " signed requests",
        "last request sent",
        seconds(sent, recovered));
  }

  @Test
  @Order(2)
  void theHubKilledInTheMiddleOfABatchLosesNothingAndAppliesNothingTwice() throws Exception {
    List<Update> batch = updates("k", 150);
    double acceptedBefore = acceptedByHub();
    long oldPid = sandbox.hubPid();
    // Requests keep arriving, one every 20 ms, before, while and after the hub is down.
    CompletableFuture<Void> sender =
        CompletableFuture.runAsync(
            () -> {
              try (KafkaProducer<String, byte[]> producer = producer()) {
                for (Update u : batch) {
                  producer.send(u.record());
                  LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
                producer.flush();
              }
            });
    double acceptedAtKill = acceptedBefore;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (acceptedAtKill - acceptedBefore < batch.size() / 4.0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      acceptedAtKill = acceptedByHub();
    }
    long killed = sigkill(oldPid);
    System.out.printf(
        "FAULT hub SIGKILL: pid %d killed after it accepted %.0f of %d requests%n",
        oldPid, acceptedAtKill - acceptedBefore, batch.size());
    sandbox.restartHub();
    long restarted = System.nanoTime();
    sender.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    Map<String, List<Object>> outcomes = awaitOutcomes(batch);
    long recovered = awaitRecovered(lastValues(batch));
    assertDesiredRecordsMatchTheAccepted(batch, outcomes);
    // A request the hub decided and answered but whose offset it had not committed yet is read
    // again by the restarted hub: it is taken in already (its outcome is on the log, read back at
    // start), so it is neither applied nor answered a second time.
    assertEachAcceptedOnceAndNoOtherOutcome(batch, outcomes);
    assertEveryMemberHoldsItsObjects();
    record(
        "hub SIGKILL mid-batch (" + batch.size() + " requests, 1 every 20 ms)",
        "hub process started again",
        seconds(restarted, recovered));
    System.out.printf(
        "FAULT hub SIGKILL: whole again %.1fs after the kill%n", seconds(killed, recovered));
  }

  @Test
  @Order(3)
  void anAgentKilledWhileItAppliesAJoinLeavesItsClusterExactlyAsDesigned() throws Exception {
    Topology.ClusterSpec south = design.spec("south");
    sandbox.hub().leave(MESH, "south");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(ManagedObjects.of(client("south")).keySet())
                    .as("meshfed objects left on south")
                    .containsExactly(
                        ManagedObjects.Ref.inSystem("Secret", DesignTable.AGENT_KEYS)));

    long pid = sandbox.agentPid("south");
    sandbox.hub().joinCluster(MESH, south);
    int objectsAtKill = 1;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (objectsAtKill <= 1 && System.nanoTime() < deadline) {
      objectsAtKill = ManagedObjects.of(client("south")).size();
    }
    long killed = sigkill(pid);
    System.out.printf(
        "FAULT agent SIGKILL: south's agent (pid %d) killed when south held %d meshfed objects%n",
        pid, objectsAtKill);
    sandbox.restartAgent("south");
    long restarted = System.nanoTime();

    long recovered = awaitRecovered(Map.of());
    assertEveryMemberHoldsItsObjects();
    assertGenerationsContiguous();
    record(
        "agent SIGKILL while applying a join (" + objectsAtKill + " objects written)",
        "agent process started again",
        seconds(restarted, recovered));
    System.out.printf(
        "FAULT agent SIGKILL: whole again %.1fs after the kill%n", seconds(killed, recovered));
  }

  @Test
  @Order(4)
  void aMembersApiServerFailingForAMinuteDelaysButLosesNothing() throws Exception {
    FaultInjector faults = member("east").cluster().apiServer().faults();
    Duration each = Duration.ofSeconds(30);
    String southAddress = otherAddress("south");
    long start = System.nanoTime();
    faults.inject(FaultInjector.Kind.INTERNAL_ERROR, each);
    JsonNode eastUpdate = putPlacement("east", "api-500");
    member("south")
        .cluster()
        .loadBalancers()
        .reassign("istio-system", DesignTable.EAST_WEST, southAddress);
    LockSupport.parkNanos(each.toNanos());
    faults.inject(FaultInjector.Kind.TOO_MANY_REQUESTS, each);
    JsonNode westUpdate = putPlacement("west", "api-429");
    LockSupport.parkNanos(each.toNanos());
    faults.clear();
    long lifted = System.nanoTime();
    System.out.printf(
        "FAULT API server: east answered 500 for %ds, then 429 for %ds (%.1fs in all)%n",
        each.toSeconds(), each.toSeconds(), seconds(start, lifted));

    Map<String, String> wanted = new TreeMap<>();
    wanted.put("east", "api-500");
    wanted.put("west", "api-429");
    long recovered = awaitRecovered(wanted, Map.of("south", southAddress));
    assertThat(eastUpdate.path("generation").asLong()).isPositive();
    assertThat(westUpdate.path("generation").asLong()).isPositive();
    assertEveryMemberHoldsItsObjects();
    assertGenerationsContiguous();
    record(
        "API server of east: 500 for 30 s, then 429 for 30 s",
        "fault lifted",
        seconds(lifted, recovered));
  }

  @Test
  @Order(5)
  void theBrokerStoppedWhileAnAddressChangeIsInFlightLosesNothing() throws Exception {
    Duration outage = Duration.ofSeconds(30);
    String eastAddress = otherAddress("east");
    JsonNode update = putPlacement("west", "broker");
    member("east")
        .cluster()
        .loadBalancers()
        .reassign("istio-system", DesignTable.EAST_WEST, eastAddress);
    long stopped = System.nanoTime();
    sandbox.kafka().stopBroker();
    LockSupport.parkNanos(outage.toNanos());
    sandbox.kafka().startBroker();
    long back = System.nanoTime();
    System.out.printf(
        "FAULT broker: stopped for %.1fs right after east's address moved to %s%n",
        seconds(stopped, back), eastAddress);

    long recovered = awaitRecovered(Map.of("west", "broker"), Map.of("east", eastAddress));
    assertThat(update.path("generation").asLong()).isPositive();
    assertEveryMemberHoldsItsObjects();
    assertGenerationsContiguous();
    record(
        "broker stopped for 30 s, address change in flight",
        "broker started again",
        seconds(back, recovered));
  }

  // --- requests ---

  /** One update request of a fault: the member, the label value it asks for, the signed record. */
  private record Update(
      String id, String cluster, String value, ProducerRecord<String, byte[]> record) {}

  /**
   * {@code n} signed update requests, round robin over the members, each with a value of its own.
   */
  private static List<Update> updates(String prefix, int n) {
    List<Topology.ClusterSpec> clusters = topology.clusters();
    List<Update> updates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Topology.ClusterSpec c = clusters.get(i % clusters.size());
      String value = prefix + "-" + i;
      String id = UUID.randomUUID().toString();
      UpdateCluster body =
          new UpdateCluster(
              MESH,
              c.name(),
              Role.valueOf(c.role()),
              c.network(),
              c.controlPlaneCluster(),
              new GatewayPlacement(Map.of(LABEL, value), List.of()),
              c.apiServerUrl(),
              null,
              c.apiServerTlsServerName(),
              c.loadBalancerPool().isEmpty() ? null : c.loadBalancerPool());
      ProducerRecord<String, byte[]> record =
          BrokerLog.signed(
              BrokerLog.event(
                  Topics.REQUESTS,
                  MESH,
                  EventType.UPDATE_CLUSTER,
                  "fault-matrix",
                  id,
                  new String(EventCodec.encode(body), StandardCharsets.UTF_8)),
              PLATFORM_TEAM,
              platformKey);
      updates.add(new Update(id, c.name(), value, record));
    }
    return updates;
  }

  /** The value each member is asked for last. */
  private static Map<String, String> lastValues(List<Update> updates) {
    Map<String, String> last = new TreeMap<>();
    updates.forEach(u -> last.put(u.cluster(), u.value()));
    return last;
  }

  private static JsonNode putPlacement(String cluster, String value) throws IOException {
    ObjectNode body = sandbox.hub().clusterBody(design.spec(cluster));
    body.putObject("gatewayPlacement").putObject("nodeSelector").put(LABEL, value);
    return sandbox.hub().putCluster(MESH, cluster, body);
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(KafkaClientConfig.producer(sandbox.kafka().bootstrapServers()));
  }

  // --- what the log says ---

  /** Waits until every request has an outcome on the events topic; the outcomes by request id. */
  private static Map<String, List<Object>> awaitOutcomes(List<Update> requests) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Map<String, List<Object>> outcomes = outcomes(requests);
      long missing = requests.stream().filter(u -> outcomes.get(u.id()).isEmpty()).count();
      if (missing == 0) {
        return outcomes;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(missing + " of " + requests.size() + " requests got no outcome");
      }
      LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
    }
  }

  private static Map<String, List<Object>> outcomes(List<Update> requests) {
    Map<String, List<Object>> outcomes = new LinkedHashMap<>();
    requests.forEach(u -> outcomes.put(u.id(), new ArrayList<>()));
    for (ConsumerRecord<String, byte[]> r : log.records(Topics.EVENTS)) {
      Object e = BrokerLog.decode(r);
      String id =
          e instanceof RequestAccepted a
              ? a.requestId()
              : e instanceof RequestRejected j ? j.requestId() : null;
      if (id != null && outcomes.containsKey(id)) {
        outcomes.get(id).add(e);
      }
    }
    return outcomes;
  }

  /**
   * Every request was accepted exactly once, and its first outcome is that acceptance; returns the
   * ids of the requests with a later, second outcome.
   */
  private static List<String> assertEachAcceptedOnce(
      List<Update> requests, Map<String, List<Object>> outcomes) {
    List<String> more = new ArrayList<>();
    for (Update u : requests) {
      List<Object> o = outcomes.get(u.id());
      assertThat(o.stream().filter(RequestAccepted.class::isInstance))
          .as(
              "acceptances of request %s (%s=%s on %s): %s",
              u.id(), LABEL, u.value(), u.cluster(), o)
          .hasSize(1);
      assertThat(o.get(0))
          .as("first outcome of request %s", u.id())
          .isInstanceOf(RequestAccepted.class);
      if (o.size() > 1) {
        more.add(u.id());
      }
    }
    return more;
  }

  private static void assertEachAcceptedOnceAndNoOtherOutcome(
      List<Update> requests, Map<String, List<Object>> outcomes) {
    assertThat(assertEachAcceptedOnce(requests, outcomes))
        .as("requests with more than one outcome")
        .isEmpty();
  }

  /**
   * No accepted request lost, none applied twice, no half-applied decision: each acceptance has
   * exactly one desired record of its member with its generation and its value, and every desired
   * record carrying one of the requests' values belongs to such an acceptance. Per member, the
   * generations of the desired records follow each other without a gap or a repeat.
   */
  private static void assertDesiredRecordsMatchTheAccepted(
      List<Update> requests, Map<String, List<Object>> outcomes) {
    Map<String, Update> byValue = new TreeMap<>();
    requests.forEach(u -> byValue.put(u.value(), u));
    Map<String, List<DesiredMembership>> desired = desiredByCluster();
    Map<String, Integer> desiredOfRequest = new TreeMap<>();
    desired.forEach(
        (cluster, records) -> {
          String previous = null;
          for (DesiredMembership d : records) {
            String value = valueOf(d);
            Update u = value == null ? null : byValue.get(value);
            if (u != null && !value.equals(previous)) {
              desiredOfRequest.merge(u.id(), 1, Integer::sum);
              RequestAccepted accepted =
                  outcomes.get(u.id()).stream()
                      .filter(RequestAccepted.class::isInstance)
                      .map(RequestAccepted.class::cast)
                      .findFirst()
                      .orElseThrow(
                          () ->
                              new AssertionError(
                                  "half-applied: desired record of "
                                      + cluster
                                      + " at generation "
                                      + d.generation()
                                      + " carries "
                                      + value
                                      + " of request "
                                      + u.id()
                                      + ", which has no acceptance"));
              assertThat(d.generation())
                  .as("generation of %s's desired record with %s", cluster, value)
                  .isEqualTo(accepted.generation());
              assertThat(d.clusterName()).isEqualTo(u.cluster());
            }
            previous = value;
          }
        });
    for (Update u : requests) {
      assertThat(desiredOfRequest.getOrDefault(u.id(), 0))
          .as("desired records written for request %s (%s on %s)", u.id(), u.value(), u.cluster())
          .isEqualTo(1);
    }
    assertGenerationsContiguous();
  }

  /** Per member, its desired records' generations count up by one (a tombstone starts anew). */
  private static void assertGenerationsContiguous() {
    Map<String, Long> last = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : log.records(Topics.DESIRED)) {
      if (r.value() == null) {
        last.remove(r.key());
        continue;
      }
      long g = ((DesiredMembership) BrokerLog.decode(r)).generation();
      Long before = last.put(r.key(), g);
      assertThat(g)
          .as("generation of %s's desired record at offset %d", r.key(), r.offset())
          .isEqualTo(before == null ? 1L : before + 1);
    }
  }

  private static Map<String, List<DesiredMembership>> desiredByCluster() {
    Map<String, List<DesiredMembership>> desired = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : log.records(Topics.DESIRED)) {
      if (r.value() != null) {
        desired
            .computeIfAbsent(r.key(), k -> new ArrayList<>())
            .add((DesiredMembership) BrokerLog.decode(r));
      }
    }
    return desired;
  }

  private static String valueOf(DesiredMembership d) {
    GatewayPlacement p = d.gatewayPlacement();
    return p == null || p.nodeSelector() == null ? null : p.nodeSelector().get(LABEL);
  }

  private static double acceptedByHub() throws IOException {
    Scrape s = Scrape.of(sandbox.hubManagementUrl());
    double accepted = 0;
    for (String line : s.text().split("\\R")) {
      if (line.startsWith("meshfed_hub_requests_total{") && line.contains("outcome=\"accepted\"")) {
        String[] parts = line.trim().split("\\s+");
        accepted += Double.parseDouble(parts[parts.length - 1]);
      }
    }
    return accepted;
  }

  // --- what the clusters say ---

  private static long awaitRecovered(Map<String, String> labels) throws IOException {
    return awaitRecovered(labels, Map.of());
  }

  /**
   * Waits until each member's east-west gateway carries the wanted label value, every primary's
   * meshNetworks names the wanted gateway addresses, the hub says converged and the oracle finds
   * every pair reachable; returns {@link System#nanoTime()} then.
   */
  private static long awaitRecovered(Map<String, String> labels, Map<String, String> addresses)
      throws IOException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      String missing = missing(labels, addresses);
      if (missing.isEmpty()) {
        JsonNode mesh = sandbox.hub().mesh(MESH);
        if (mesh.path("converged").asBoolean(false) && sandbox.reachability().full()) {
          return System.nanoTime();
        }
        missing = "converged=" + mesh.path("converged") + ", " + sandbox.reachability().summary(3);
      }
      last = missing;
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new AssertionError("not whole again after " + WAIT.toSeconds() + "s: " + last);
  }

  private static String missing(Map<String, String> labels, Map<String, String> addresses) {
    List<String> missing = new ArrayList<>();
    labels.forEach(
        (cluster, value) -> {
          Deployment d =
              client(cluster)
                  .apps()
                  .deployments()
                  .inNamespace("istio-system")
                  .withName(DesignTable.EAST_WEST)
                  .get();
          Map<String, String> selector =
              d == null ? null : d.getSpec().getTemplate().getSpec().getNodeSelector();
          String actual = selector == null ? null : selector.get(LABEL);
          if (!value.equals(actual)) {
            missing.add(cluster + " gateway " + LABEL + "=" + actual + " (wanted " + value + ")");
          }
        });
    addresses.forEach(
        (cluster, address) -> {
          for (Topology.ClusterSpec p : topology.clusters()) {
            if (p.remote()) {
              continue;
            }
            JsonNode gateways =
                MemberAssertions.meshNetworksOf(client(p.name()))
                    .path("network-" + cluster)
                    .path("gateways");
            if (!gateways.toString().contains("\"" + address + "\"")) {
              missing.add("network-" + cluster + " on " + p.name() + " is " + gateways);
            }
          }
        });
    return String.join("; ", missing);
  }

  private static void assertEveryMemberHoldsItsObjects() {
    MemberAssertions members =
        new MemberAssertions(design, view::eastWestAddress, view::apiServerUrl);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (Topology.ClusterSpec c : topology.clusters()) {
                members.holdsExactlyItsObjects(c.name(), client(c.name()));
              }
            });
  }

  /** The address of the member's pool its east-west gateway does not have now. */
  private static String otherAddress(String cluster) {
    String now = view.eastWestAddress(cluster);
    return design.spec(cluster).loadBalancerPool().stream()
        .filter(a -> !Objects.equals(a, now))
        .findFirst()
        .orElseThrow();
  }

  // --- faults and times ---

  /** Kills the process with SIGKILL and waits until it is gone; {@link System#nanoTime()} then. */
  private static long sigkill(long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -9 %d", pid).isZero();
    long t = System.nanoTime();
    ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    return t;
  }

  private static void record(String fault, String from, double seconds) throws IOException {
    System.out.printf("FAULT RECOVERY %s: %.1fs from %s%n", fault, seconds, from);
    Files.createDirectories(recoveryFile.getParent());
    Files.writeString(
        recoveryFile,
        String.format("%s\t%s\t%s\t%.1f%n", Instant.now(), fault, from, seconds),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  private static SimulatedMember member(String cluster) {
    return sandbox.members().get(cluster);
  }

  private static KubernetesClient client(String cluster) {
    return member(cluster).cluster().client();
  }
}
