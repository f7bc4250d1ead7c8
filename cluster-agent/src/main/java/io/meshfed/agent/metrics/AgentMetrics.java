package io.meshfed.agent.metrics;

import io.meshfed.agent.resource.ApiErrors;
import io.meshfed.agent.resource.Operation;
import io.meshfed.agent.security.PeerCredentialOpener;
import io.meshfed.events.model.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The agent's metrics. Names are constants; tags are low-cardinality. */
@ApplicationScoped
public class AgentMetrics {

  /** Reconciles by {@code outcome}. */
  public static final String RECONCILE_TOTAL = "meshfed_agent_reconcile_total";

  /** Duration of reconciles by {@code outcome}. */
  public static final String RECONCILE_SECONDS = "meshfed_agent_reconcile_seconds";

  /** Failed API calls by the API's {@code reason}. */
  public static final String APPLY_ERRORS_TOTAL = "meshfed_agent_apply_errors_total";

  /** Time from receiving a desired generation to reporting {@code Ready} for it. */
  public static final String DESIRED_TO_READY_SECONDS = "meshfed_agent_desired_to_ready_seconds";

  /** 1 for the cluster's current phase, 0 for the others, by {@code mesh, cluster, phase}. */
  public static final String PHASE = "meshfed_agent_phase";

  /** Objects written by {@code operation} (created, patched, deleted). */
  public static final String OBJECTS_WRITTEN_TOTAL = "meshfed_agent_objects_written_total";

  /** Objects found already as desired, so that nothing was written. */
  public static final String OBJECTS_UNCHANGED_TOTAL = "meshfed_agent_objects_unchanged_total";

  /** Records sent to the dead-letter topic by {@code reason}. */
  public static final String DLQ_TOTAL = "meshfed_agent_dlq_total";

  /** Status records published, by {@code phase}. */
  public static final String STATUS_PUBLISHED_TOTAL = "meshfed_agent_status_published_total";

  /** Peers' sealed credentials this cluster refused, by {@code reason}; each ciphertext once. */
  public static final String CREDENTIALS_REFUSED_TOTAL = "meshfed_agent_credentials_refused_total";

  /**
   * Why a peer's sealed credential is refused (the reasons of {@link
   * PeerCredentialOpener.Refusal}): it is not sealed for this cluster, does not open with this
   * cluster's key (changed, sealed to another cluster or under another context), is not a sealed
   * credential at all, or opens but points at another API server than the peer's record names.
   */
  public static final List<String> CREDENTIAL_REFUSAL_REASONS =
      List.of(
          "NotARecipient",
          "CiphertextRefused",
          "MalformedCiphertext",
          PeerCredentialOpener.API_SERVER_MISMATCH);

  /**
   * Histogram buckets of a reconcile: one pass over the cluster's desired state, usually well under
   * a second. Few, so that the agents of a large fleet stay cheap to scrape.
   */
  static final Duration[] RECONCILE_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);

  /** Histogram buckets of the time from a desired generation to Ready: seconds to minutes. */
  static final Duration[] DESIRED_TO_READY_BUCKETS = seconds(1, 5, 15, 30, 60, 120, 300, 600);

  private static final List<Phase> AGENT_PHASES =
      List.of(
          Phase.PENDING, Phase.INSTALLING, Phase.READY, Phase.DEGRADED, Phase.LEAVING, Phase.LEFT);

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> phaseGauges = new ConcurrentHashMap<>();

  public AgentMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Series that exist before their first event read 0 instead of nothing: dashboards and
    // alert rules query them from the start.
    for (String reason : ApiErrors.KNOWN_REASONS) {
      Counter.builder(APPLY_ERRORS_TOTAL).tag("reason", reason).register(registry);
    }
    for (String reason : CREDENTIAL_REFUSAL_REASONS) {
      Counter.builder(CREDENTIALS_REFUSED_TOTAL).tag("reason", reason).register(registry);
    }
  }

  public void reconciled(String outcome, Duration duration) {
    Counter.builder(RECONCILE_TOTAL).tag("outcome", outcome).register(registry).increment();
    Timer.builder(RECONCILE_SECONDS)
        .tag("outcome", outcome)
        .serviceLevelObjectives(RECONCILE_BUCKETS)
        .register(registry)
        .record(duration);
  }

  public void applyError(String reason) {
    Counter.builder(APPLY_ERRORS_TOTAL).tag("reason", reason).register(registry).increment();
  }

  public void objectWritten(Operation operation) {
    Counter.builder(OBJECTS_WRITTEN_TOTAL)
        .tag("operation", operation.tag())
        .register(registry)
        .increment();
  }

  public void objectUnchanged() {
    Counter.builder(OBJECTS_UNCHANGED_TOTAL).register(registry).increment();
  }

  public void deadLettered(String reason) {
    Counter.builder(DLQ_TOTAL).tag("reason", reason).register(registry).increment();
  }

  public void credentialRefused(String reason) {
    Counter.builder(CREDENTIALS_REFUSED_TOTAL).tag("reason", reason).register(registry).increment();
  }

  public void desiredToReady(Duration duration) {
    Timer.builder(DESIRED_TO_READY_SECONDS)
        .serviceLevelObjectives(DESIRED_TO_READY_BUCKETS)
        .register(registry)
        .record(duration);
  }

  public void statusPublished(Phase phase) {
    Counter.builder(STATUS_PUBLISHED_TOTAL)
        .tag("phase", phase.wireName())
        .register(registry)
        .increment();
  }

  /** Sets the phase gauge of a cluster: 1 for {@code current}, 0 for every other agent phase. */
  public void phase(String mesh, String cluster, Phase current) {
    for (Phase phase : AGENT_PHASES) {
      phaseGauge(mesh, cluster, phase).set(phase == current ? 1 : 0);
    }
  }

  private static Duration[] seconds(double... values) {
    Duration[] durations = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
    }
    return durations;
  }

  private AtomicInteger phaseGauge(String mesh, String cluster, Phase phase) {
    return phaseGauges.computeIfAbsent(
        mesh + "\n" + cluster + "\n" + phase.wireName(),
        k -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder(PHASE, value, AtomicInteger::get)
              .tag("mesh", mesh)
              .tag("cluster", cluster)
              .tag("phase", phase.wireName())
              .register(registry);
          return value;
        });
  }
}
