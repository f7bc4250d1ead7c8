package io.meshfed.hub.metrics;

import io.meshfed.events.model.Phase;
import io.meshfed.hub.HubState;
import io.meshfed.hub.registry.Convergence;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.ObservedCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The hub's metrics. Names are constants; tags are low-cardinality (mesh, phase, outcome, ...). */
@ApplicationScoped
public class HubMetrics {

  public static final String REQUESTS = "meshfed_hub_requests_total";
  public static final String CLUSTERS = "meshfed_hub_clusters";
  public static final String REQUEST_TO_READY = "meshfed_hub_request_to_ready_seconds";
  public static final String GATEWAY_CHANGE_TO_MESH_RECORD =
      "meshfed_hub_gateway_change_to_mesh_record_seconds";
  public static final String DLQ = "meshfed_hub_dlq_total";
  public static final String RECORDS_PUBLISHED = "meshfed_hub_records_published_total";
  public static final String MESH_CONVERGED = "meshfed_hub_mesh_converged";
  public static final String UNREACHABLE_CLUSTERS = "meshfed_hub_unreachable_clusters";
  public static final String MEMBER = "meshfed_hub_member";
  public static final String STATUS_IGNORED = "meshfed_hub_status_ignored_total";
  public static final String STATUS_REJECTED = "meshfed_hub_status_rejected_total";
  public static final String INTERMEDIATE_REQUESTS = "meshfed_hub_intermediate_requests_total";
  public static final String CREDENTIAL_NOT_SENT = "meshfed_hub_status_credential_not_sent_total";
  public static final String REBUILD_SECONDS = "meshfed_hub_rebuild_seconds";
  public static final String REBUILD_RECORDS = "meshfed_hub_rebuild_records";

  /** Reason of a status report that a newer one of the same cluster in its batch replaced. */
  public static final String SUPERSEDED = "Superseded";

  public static final String ISSUED = "issued";
  public static final String DEFERRED = "deferred";
  public static final String FAILED = "failed";

  public static final String ACCEPTED = "accepted";
  public static final String REJECTED = "rejected";
  public static final String DUPLICATE = "duplicate";

  private final MeterRegistry registry;
  private final HubState state;
  private final Set<String> meshesWithGauges = ConcurrentHashMap.newKeySet();
  private final Map<String, Gauge> memberGauges = new ConcurrentHashMap<>();
  private final Map<String, Pending> awaitingReady = new ConcurrentHashMap<>();
  private final AtomicReference<double[]> lastRebuild = new AtomicReference<>();

  private record Pending(long generation, Instant acceptedAt) {}

  /**
   * Histogram buckets of the time from an accepted request to Ready: a join takes tens of seconds
   * to minutes (an Istio install, a load balancer's address). Few, so that a fleet of meshes stays
   * cheap to scrape.
   */
  static final Duration[] REQUEST_TO_READY_BUCKETS = seconds(5, 15, 30, 60, 120, 300, 600, 1800);

  /** Histogram buckets of the time from a reported address change to the new mesh record. */
  static final Duration[] GATEWAY_CHANGE_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

  @Inject
  public HubMetrics(MeterRegistry registry, HubState state) {
    this.registry = registry;
    this.state = state;
  }

  public void requestAccepted() {
    Counter.builder(REQUESTS)
        .description("Membership requests by outcome")
        .tag("outcome", ACCEPTED)
        .tag("reason", "none")
        .register(registry)
        .increment();
  }

  /** A request taken in already, read again or sent again: no second outcome. */
  public void requestDuplicate() {
    Counter.builder(REQUESTS)
        .description("Membership requests by outcome")
        .tag("outcome", DUPLICATE)
        .tag("reason", "TakenInAlready")
        .register(registry)
        .increment();
  }

  public void requestRejected(String reason) {
    Counter.builder(REQUESTS)
        .description("Membership requests by outcome")
        .tag("outcome", REJECTED)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void deadLettered(String reason) {
    Counter.builder(DLQ)
        .description("Records sent to the dead-letter topic")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void published(String topic, int count) {
    Counter.builder(RECORDS_PUBLISHED)
        .description("Records the hub wrote, by topic")
        .tag("topic", topic)
        .register(registry)
        .increment(count);
  }

  public void statusIgnored(String reason) {
    Counter.builder(STATUS_IGNORED)
        .description(
            "Status reports not taken in: from clusters that are not members of the mesh they"
                + " name (NotAMember), or replaced by a newer report of the same cluster in the"
                + " same batch (Superseded)")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * A status record refused because it does not speak for the cluster it claims, is an earlier
   * report of its cluster sent again ({@code Replayed}), or carries a request the hub refuses: it
   * changed nothing.
   *
   * @param meshId the mesh of the member the record's key names ({@code unknown} if none)
   */
  public void statusRejected(String meshId, String reason) {
    Counter.builder(STATUS_REJECTED)
        .description(
            "Status records refused (bad or missing signature, an earlier report sent again"
                + " (Replayed), refused CSR); nothing changed")
        .tag("mesh", meshId)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * A report named a shared credential other than the one the hub routes for its cluster, without
   * its envelope: the hub keeps routing the one it has (the agent sends the envelope again when it
   * sees that its credential record does not carry it).
   */
  public void credentialNotSent(String meshId) {
    Counter.builder(CREDENTIAL_NOT_SENT)
        .description(
            "Status reports naming a shared credential the hub does not route, without its"
                + " envelope; the hub kept routing the one it has")
        .tag("mesh", meshId)
        .register(registry)
        .increment();
  }

  /**
   * An intermediate CA request decided: {@code issued}, {@code deferred} (a new key before renewal
   * is due), {@code rejected}, or {@code failed} (the CA store could not be used; retried with the
   * next report).
   */
  public void intermediateRequest(String meshId, String outcome) {
    intermediateRequests(meshId, outcome).increment();
  }

  private Counter intermediateRequests(String meshId, String outcome) {
    return Counter.builder(INTERMEDIATE_REQUESTS)
        .description("Intermediate CA requests by outcome")
        .tag("mesh", meshId)
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Starts the clock from an accepted change of a cluster to its Ready at that generation. */
  public void awaitReady(String cluster, long generation, Instant acceptedAt) {
    awaitingReady.put(cluster, new Pending(generation, acceptedAt));
  }

  public void forget(String cluster) {
    awaitingReady.remove(cluster);
  }

  /** A cluster reports Ready at a generation: stops the clock if it reached the awaited one. */
  public void readyAt(String meshId, String cluster, long observedGeneration, Instant at) {
    Pending p = awaitingReady.get(cluster);
    if (p != null && observedGeneration >= p.generation()) {
      awaitingReady.remove(cluster);
      Timer.builder(REQUEST_TO_READY)
          .description("Time from an accepted request to the cluster's Ready at that generation")
          .tag("mesh", meshId)
          .serviceLevelObjectives(REQUEST_TO_READY_BUCKETS)
          .register(registry)
          .record(Duration.between(p.acceptedAt(), at));
    }
  }

  public void gatewayChangePublished(String meshId, Duration took) {
    Timer.builder(GATEWAY_CHANGE_TO_MESH_RECORD)
        .description("Time from a reported east-west address change to the new mesh record")
        .tag("mesh", meshId)
        .serviceLevelObjectives(GATEWAY_CHANGE_BUCKETS)
        .register(registry)
        .record(took);
  }

  /**
   * The rebuild from the log at start is done: how long it took (reading the topics, rebuilding the
   * registry, writing what changed while the hub was away) and how many records it read.
   */
  public void rebuilt(Duration took, long recordsRead) {
    if (lastRebuild.getAndSet(new double[] {took.toNanos() / 1e9, recordsRead}) == null) {
      Gauge.builder(REBUILD_SECONDS, lastRebuild, r -> r.get()[0])
          .description(
              "Seconds the last rebuild from the log took: reading the topics, rebuilding the"
                  + " registry, writing what changed while the hub was away")
          .register(registry);
      Gauge.builder(REBUILD_RECORDS, lastRebuild, r -> r.get()[1])
          .description("Records the last rebuild from the log read")
          .register(registry);
    }
  }

  /**
   * Registers the per-mesh gauges of every mesh not seen before, and keeps one {@value #MEMBER}
   * series per member cluster: the clusters the hub expects an agent for (an alert compares them
   * with the agents Prometheus scrapes). A cluster that left loses its series.
   */
  public void meshesChanged(MeshRegistry current) {
    Set<String> members = new HashSet<>();
    for (String meshId : current.meshes().keySet()) {
      for (Member member : current.membersOf(meshId)) {
        String cluster = member.clusterName();
        String key = meshId + "\n" + cluster;
        members.add(key);
        memberGauges.computeIfAbsent(
            key,
            k ->
                Gauge.builder(MEMBER, () -> 1)
                    .description(
                        "1 for every member cluster of a mesh: the clusters the hub expects an"
                            + " agent for")
                    .tag("mesh", meshId)
                    .tag("cluster", cluster)
                    .register(registry));
      }
    }
    memberGauges
        .entrySet()
        .removeIf(
            e -> {
              if (members.contains(e.getKey())) {
                return false;
              }
              registry.remove(e.getValue());
              return true;
            });

    for (String meshId : current.meshes().keySet()) {
      if (meshesWithGauges.add(meshId)) {
        for (Phase phase : Phase.values()) {
          if (phase == Phase.UNKNOWN) {
            continue;
          }
          Gauge.builder(CLUSTERS, () -> count(meshId, phase))
              .description("Members of a mesh by phase")
              .tag("mesh", meshId)
              .tag("phase", phase.wireName())
              .register(registry);
        }
        Gauge.builder(MESH_CONVERGED, () -> Convergence.converged(state.current(), meshId) ? 1 : 0)
            .description("1 when every member is Ready at its latest generation and mesh revision")
            .tag("mesh", meshId)
            .register(registry);
        Gauge.builder(UNREACHABLE_CLUSTERS, () -> count(meshId, Phase.UNREACHABLE))
            .description("Members whose heartbeats stopped")
            .tag("mesh", meshId)
            .register(registry);
        // From 0, so that the first refused or failed request is an increase an alert sees.
        for (String outcome : List.of(ISSUED, DEFERRED, REJECTED, FAILED)) {
          intermediateRequests(meshId, outcome);
        }
      }
    }
  }

  private static Duration[] seconds(double... values) {
    Duration[] durations = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
    }
    return durations;
  }

  private long count(String meshId, Phase phase) {
    MeshRegistry r = state.current();
    return r.membersOf(meshId).stream().filter(m -> phaseOf(r, m.clusterName()) == phase).count();
  }

  private static Phase phaseOf(MeshRegistry r, String cluster) {
    return r.observed(cluster).map(ObservedCluster::phase).orElse(Phase.PENDING);
  }
}
