package io.meshfed.agent.reconcile;

import io.meshfed.agent.model.Waiting;
import io.meshfed.agent.resource.ApplyException;
import io.meshfed.agent.resource.Operation;
import io.meshfed.agent.security.SecurityFacts;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.GatewayAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile found and did: the facts the status is assembled from.
 *
 * @param step where the cluster stands in its membership
 * @param meshId the mesh of the cluster (null when no mesh was ever known)
 * @param desiredGeneration the generation of the desired record reconciled (0 if none)
 * @param observedGeneration the last desired generation applied without error
 * @param observedMeshRevision the last mesh revision applied without error
 * @param unactionable why the desired record cannot be acted on, when it cannot
 * @param failures the API calls that failed
 * @param waiting inputs that have not arrived yet
 * @param istioReady the Sail operator's {@code Ready} condition on {@code Istio}, when reported
 * @param cniReady the Sail operator's {@code Ready} condition on {@code IstioCNI}, when reported
 * @param istioRendered whether an {@code Istio} is part of the desired state yet
 * @param eastWestGateway whether the cluster needs an east-west gateway
 * @param gatewaysApplied whether the east-west gateway's Deployment was applied (it waits for
 *     Istio's injector)
 * @param gatewayAvailable whether the east-west gateway's Deployment has an available pod
 * @param eastWestAddresses the east-west gateway's LoadBalancer addresses
 * @param remoteSecretPeers the peers whose remote secret the cluster holds: for a primary, the
 *     senders of the credential records of its mesh but itself
 * @param peersWithoutCredential peers whose remote secret carries no credential
 * @param operations how many objects each operation touched
 * @param security the cluster's trust chain and credentials, for its status
 */
public record ReconcileOutcome(
    Step step,
    String meshId,
    long desiredGeneration,
    long observedGeneration,
    long observedMeshRevision,
    Optional<Problem> unactionable,
    List<ApplyException> failures,
    List<Waiting> waiting,
    Optional<Condition> istioReady,
    Optional<Condition> cniReady,
    boolean istioRendered,
    boolean eastWestGateway,
    boolean gatewaysApplied,
    boolean gatewayAvailable,
    List<GatewayAddress> eastWestAddresses,
    List<String> remoteSecretPeers,
    List<String> peersWithoutCredential,
    Map<Operation, Integer> operations,
    SecurityFacts security) {

  /** Where the cluster stands in its membership. */
  public enum Step {
    /** No desired record has been read: nothing to do, nothing to report. */
    IDLE,
    /** A desired record was accepted and is about to be applied for the first time. */
    PENDING,
    /** The desired record cannot be acted on. */
    UNACTIONABLE,
    /** The desired state was applied (possibly with failures). */
    MEMBER,
    /** Leaving: deleting what meshfed created. */
    LEAVING,
    /** Left: nothing meshfed created is left. */
    LEFT
  }

  /** A reason and a message. */
  public record Problem(String reason, String message) {}

  public ReconcileOutcome {
    failures = List.copyOf(failures);
    waiting = List.copyOf(waiting);
    eastWestAddresses = List.copyOf(eastWestAddresses);
    remoteSecretPeers = List.copyOf(remoteSecretPeers);
    peersWithoutCredential = List.copyOf(peersWithoutCredential);
    operations = Map.copyOf(operations);
    security = security == null ? SecurityFacts.none() : security;
  }

  /** A desired record that cannot be acted on; nothing was applied. */
  public static ReconcileOutcome unactionable(
      String meshId, long generation, long observed, long observedRevision, Problem problem) {
    return notApplied(Step.UNACTIONABLE, meshId, generation, observed, observedRevision, problem);
  }

  /**
   * The cluster could not be read before anything was rendered (an API call failed): nothing was
   * applied, and the reconcile is retried.
   */
  public static ReconcileOutcome notRead(
      String meshId,
      long generation,
      long observed,
      long observedRevision,
      ApplyException failure) {
    return new ReconcileOutcome(
        Step.MEMBER,
        meshId,
        generation,
        observed,
        observedRevision,
        Optional.empty(),
        List.of(failure),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        false,
        false,
        false,
        false,
        List.of(),
        List.of(),
        List.of(),
        Map.of(),
        SecurityFacts.none());
  }

  /** A join about to be applied for the first time. */
  public static ReconcileOutcome pending(
      String meshId, long generation, long observed, long observedRevision) {
    return notApplied(Step.PENDING, meshId, generation, observed, observedRevision, null);
  }

  private static ReconcileOutcome notApplied(
      Step step,
      String meshId,
      long generation,
      long observed,
      long observedRevision,
      Problem problem) {
    return new ReconcileOutcome(
        step,
        meshId,
        generation,
        observed,
        observedRevision,
        Optional.ofNullable(problem),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        false,
        false,
        false,
        false,
        List.of(),
        List.of(),
        List.of(),
        Map.of(),
        SecurityFacts.none());
  }

  /**
   * The agent's keys could not be loaded or made: nothing was reconciled and nothing can be
   * reported (status records are signed with them); retried with backoff.
   */
  public static ReconcileOutcome keysUnavailable(String meshId, ApplyException failure) {
    return leaving(Step.IDLE, meshId, List.of(failure), Map.of());
  }

  public static ReconcileOutcome idle() {
    return leaving(Step.IDLE, null, List.of(), Map.of());
  }

  public static ReconcileOutcome leaving(
      Step step, String meshId, List<ApplyException> failures, Map<Operation, Integer> ops) {
    return new ReconcileOutcome(
        step,
        meshId,
        0,
        0,
        0,
        Optional.empty(),
        failures,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        false,
        false,
        false,
        false,
        List.of(),
        List.of(),
        List.of(),
        ops,
        SecurityFacts.none());
  }

  /** The same outcome with another mesh revision applied. */
  public ReconcileOutcome withObservedMeshRevision(long revision) {
    return new ReconcileOutcome(
        step,
        meshId,
        desiredGeneration,
        observedGeneration,
        revision,
        unactionable,
        failures,
        waiting,
        istioReady,
        cniReady,
        istioRendered,
        eastWestGateway,
        gatewaysApplied,
        gatewayAvailable,
        eastWestAddresses,
        remoteSecretPeers,
        peersWithoutCredential,
        operations,
        security);
  }

  /** Whether a retry with backoff is due: an API call failed. */
  public boolean needsRetry() {
    return !failures.isEmpty();
  }

  /** The {@code outcome} tag of the reconcile metrics. */
  public String metricOutcome() {
    if (!failures.isEmpty()) {
      return "failed";
    }
    return step.name().toLowerCase(Locale.ROOT);
  }

  /** Counts results by operation. */
  public static Map<Operation, Integer> count(List<Operation> operations) {
    Map<Operation, Integer> counts = new EnumMap<>(Operation.class);
    for (Operation op : Operation.values()) {
      counts.put(op, 0);
    }
    operations.forEach(op -> counts.merge(op, 1, Integer::sum));
    return counts;
  }
}
