package io.meshfed.agent.status;

import static io.meshfed.agent.status.StatusConditions.*;

import io.meshfed.agent.model.NameList;
import io.meshfed.agent.model.Waiting;
import io.meshfed.agent.reconcile.ReconcileOutcome;
import io.meshfed.agent.reconcile.ReconcileOutcome.Step;
import io.meshfed.agent.resource.ApplyException;
import io.meshfed.agent.security.PeerCredentialOpener;
import io.meshfed.agent.security.SecurityFacts;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Locality;
import io.meshfed.events.model.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Assembles the {@link ClusterStatus} of the cluster from the outcome of a reconcile and what the
 * agent observes. Pure: the previous status only supplies the times of conditions that did not
 * change.
 */
public final class StatusAssembler {

  /**
   * What the status carries beside the reconcile outcome.
   *
   * @param lastReadyGeneration the last desired generation reported Ready (-1 if none): a cluster
   *     that was Ready for the current generation and is no longer is Degraded, not Installing
   * @param signingPublicKey the key the status is signed with (base64 SPKI)
   * @param recipientPublicKey the key peers seal credentials to (base64 Tink public keyset)
   */
  public record Inputs(
      String clusterName,
      String agentVersion,
      String apiServerUrl,
      List<Locality> localities,
      long lastReadyGeneration,
      String signingPublicKey,
      String recipientPublicKey) {}

  private StatusAssembler() {}

  /** The status, or empty when there is nothing to report (no mesh known). */
  public static Optional<ClusterStatus> assemble(
      ReconcileOutcome outcome, Inputs inputs, Optional<ClusterStatus> previous, Instant now) {
    if (outcome.step() == Step.IDLE || outcome.meshId() == null) {
      return Optional.empty();
    }
    List<Condition> conditions =
        switch (outcome.step()) {
          case LEAVING, LEFT -> leaveConditions(outcome);
          default -> memberConditions(outcome);
        };
    Phase phase = phase(outcome, conditions, inputs.lastReadyGeneration());
    List<Condition> timed =
        conditions.stream()
            .map(c -> withTransitionTime(c, previous, now))
            .sorted(Comparator.comparing(Condition::type))
            .toList();
    boolean member = outcome.step() != Step.LEAVING && outcome.step() != Step.LEFT;
    SecurityFacts security = outcome.security();
    return Optional.of(
        new ClusterStatus(
            outcome.meshId(),
            inputs.clusterName(),
            phase,
            timed,
            outcome.observedGeneration(),
            outcome.observedMeshRevision(),
            member ? outcome.eastWestAddresses() : List.of(),
            inputs.agentVersion(),
            inputs.localities(),
            inputs.apiServerUrl(),
            now,
            security.intermediateCsr().orElse(null),
            security.intermediateNotAfter().orElse(null),
            inputs.signingPublicKey(),
            inputs.recipientPublicKey(),
            null,
            null,
            member ? security.sharedCredentialToSend().orElse(null) : null,
            member
                ? security.sharedCredential().map(CredentialEnvelope::credentialId).orElse(null)
                : null,
            member ? security.appliedCredentialsDigest().orElse(null) : null,
            member && security.holdsRemoteSecrets() ? security.appliedCredentials().size() : null));
  }

  /** Whether two statuses say the same thing, whenever they were reported and sequenced. */
  public static boolean sameContent(ClusterStatus a, ClusterStatus b) {
    return a.equals(withReportedAt(b, a.reportedAt()).withSequence(a.sequence()));
  }

  public static ClusterStatus withReportedAt(ClusterStatus s, Instant reportedAt) {
    return new ClusterStatus(
        s.meshId(),
        s.clusterName(),
        s.phase(),
        s.conditions(),
        s.observedGeneration(),
        s.observedMeshRevision(),
        s.eastWestAddresses(),
        s.agentVersion(),
        s.localities(),
        s.apiServerUrl(),
        reportedAt,
        s.intermediateCsr(),
        s.intermediateNotAfter(),
        s.signingPublicKey(),
        s.recipientPublicKey(),
        s.sealedCredentials(),
        s.appliedCredentials(),
        s.sharedCredential(),
        s.sharedCredentialId(),
        s.appliedCredentialsDigest(),
        s.appliedCredentialsCount(),
        s.sequence());
  }

  static Phase phase(
      ReconcileOutcome outcome, List<Condition> conditions, long lastReadyGeneration) {
    switch (outcome.step()) {
      case LEFT:
        return Phase.LEFT;
      case LEAVING:
        return Phase.LEAVING;
      case PENDING:
        return Phase.PENDING;
      case UNACTIONABLE:
        return Phase.DEGRADED;
      default:
        break;
    }
    if (!outcome.failures().isEmpty()) {
      return Phase.DEGRADED;
    }
    boolean ready = conditions.stream().anyMatch(c -> c.type().equals(READY) && c.isTrue());
    if (ready) {
      return Phase.READY;
    }
    return lastReadyGeneration == outcome.desiredGeneration() ? Phase.DEGRADED : Phase.INSTALLING;
  }

  private static List<Condition> memberConditions(ReconcileOutcome o) {
    List<Condition> conditions = new ArrayList<>();
    if (o.unactionable().isPresent()) {
      ReconcileOutcome.Problem problem = o.unactionable().get();
      conditions.add(condition(DESIRED_STATE_VALID, false, problem.reason(), problem.message()));
      conditions.add(condition(READY, false, problem.reason(), problem.message()));
      return conditions;
    }
    conditions.add(
        condition(DESIRED_STATE_VALID, true, "Valid", "the desired record can be acted on"));
    if (o.step() == Step.PENDING) {
      conditions.add(
          unknown(RESOURCES_APPLIED, "Pending", "desired generation " + o.desiredGeneration()));
      conditions.add(
          condition(
              READY, false, "Pending", "applying desired generation " + o.desiredGeneration()));
      return conditions;
    }

    Optional<Waiting> meshWait =
        o.waiting().stream()
            .filter(
                w ->
                    w.reason().equals(Waiting.MESH_RECORD)
                        || w.reason().equals(Waiting.MEMBER_PLAN))
            .findFirst();
    conditions.add(
        meshWait
            .map(w -> condition(MESH_PLAN_RECEIVED, false, w.reason(), w.message()))
            .orElseGet(
                () ->
                    condition(
                        MESH_PLAN_RECEIVED,
                        true,
                        "Received",
                        "mesh revision " + o.observedMeshRevision())));

    Condition applied = appliedCondition(o);
    conditions.add(applied);
    Condition cni = sailCondition(ISTIO_CNI_READY, o.cniReady(), "IstioCNI default");
    conditions.add(cni);
    Optional<Condition> trust = o.security().trustChain();
    trust.ifPresent(conditions::add);
    o.security().credentialsShared().ifPresent(conditions::add);
    Condition istio;
    if (!o.istioRendered()) {
      Waiting wait =
          o.waiting().stream()
              .filter(
                  w ->
                      w.reason().equals(Waiting.DISCOVERY_ADDRESS)
                          || w.reason().equals(Waiting.INTERMEDIATE_CA))
              .findFirst()
              .orElse(new Waiting(Waiting.DISCOVERY_ADDRESS, "no discovery address yet"));
      istio = condition(ISTIO_READY, false, wait.reason(), wait.message());
    } else {
      istio = sailCondition(ISTIO_READY, o.istioReady(), "Istio default");
    }
    conditions.add(istio);

    Optional<Condition> gateway = Optional.empty();
    if (o.eastWestGateway()) {
      gateway = Optional.of(gatewayCondition(o));
      conditions.add(gateway.get());
    }
    if (!o.remoteSecretPeers().isEmpty()) {
      conditions.add(credentialsCondition(o));
    }

    List<Condition> blocking = new ArrayList<>();
    meshWait.ifPresent(
        w -> blocking.add(condition(MESH_PLAN_RECEIVED, false, w.reason(), w.message())));
    blocking.add(applied);
    blocking.add(cni);
    trust.ifPresent(blocking::add);
    blocking.add(istio);
    gateway.ifPresent(blocking::add);
    // a peer this cluster cannot make a remote secret for yet (no credential sealed for it, or no
    // API server in its record) does not hold back Ready: a primary knows a peer only once its
    // record arrived, so Ready cannot mean every member anyway (that is the hub's convergence); a
    // credential it refused does, as something sent to it is wrong
    if (!o.security().refusedCredentials().isEmpty()) {
      blocking.add(credentialsCondition(o));
    }
    Optional<Condition> firstBlocking = blocking.stream().filter(c -> !c.isTrue()).findFirst();
    conditions.add(
        firstBlocking
            .map(c -> condition(READY, false, c.reason(), c.message()))
            .orElseGet(() -> condition(READY, true, "Ready", "the cluster is a ready member")));
    return conditions;
  }

  private static Condition appliedCondition(ReconcileOutcome o) {
    if (o.failures().isEmpty()) {
      int objects = o.operations().values().stream().mapToInt(Integer::intValue).sum();
      return condition(RESOURCES_APPLIED, true, "Applied", objects + " objects as desired");
    }
    ApplyException first = o.failures().get(0);
    String more = o.failures().size() > 1 ? " (and " + (o.failures().size() - 1) + " more)" : "";
    return condition(RESOURCES_APPLIED, false, first.reason(), first.getMessage() + more);
  }

  private static Condition sailCondition(String type, Optional<Condition> ready, String what) {
    if (ready.isEmpty()) {
      return unknown(type, NOT_REPORTED, "the Sail operator has not reported on " + what + " yet");
    }
    Condition c = ready.get();
    String reason = c.reason() != null ? c.reason() : c.isTrue() ? "Ready" : "NotReady";
    String message = c.message() != null ? c.message() : what + " Ready=" + c.status();
    return new Condition(type, c.status(), reason, message, null);
  }

  private static Condition gatewayCondition(ReconcileOutcome o) {
    if (o.eastWestAddresses().isEmpty()) {
      return condition(
          EAST_WEST_GATEWAY_READY,
          false,
          WAITING_FOR_LOAD_BALANCER,
          "the istio-eastwestgateway Service has no LoadBalancer address yet");
    }
    String addresses =
        o.eastWestAddresses().stream().map(GatewayAddress::host).collect(Collectors.joining(", "));
    if (!o.gatewaysApplied()) {
      String why =
          o.waiting().stream()
              .filter(w -> w.reason().equals(Waiting.INJECTOR))
              .map(Waiting::message)
              .findFirst()
              .orElse("the east-west gateway's Deployment waits for Istio's injector");
      return condition(
          EAST_WEST_GATEWAY_READY, false, WAITING_FOR_INJECTOR, addresses + ": " + why);
    }
    if (!o.gatewayAvailable()) {
      return condition(
          EAST_WEST_GATEWAY_READY,
          false,
          WAITING_FOR_GATEWAY_PODS,
          addresses + ": the istio-eastwestgateway Deployment has no available pod yet");
    }
    return condition(EAST_WEST_GATEWAY_READY, true, "AddressAssigned", addresses);
  }

  private static Condition credentialsCondition(ReconcileOutcome o) {
    List<PeerCredentialOpener.Refusal> refused = o.security().refusedCredentials();
    if (!refused.isEmpty()) {
      String message =
          refused.stream()
                  .limit(NameList.SHOWN)
                  .map(
                      r ->
                          "the credential of peer "
                              + r.peer()
                              + " was refused ("
                              + r.reason()
                              + ")")
                  .collect(Collectors.joining("; "))
              + (refused.size() > NameList.SHOWN
                  ? "; and " + (refused.size() - NameList.SHOWN) + " more"
                  : "");
      return condition(
          REMOTE_CREDENTIALS,
          false,
          refused.get(0).reason(),
          message
              + ": "
              + refused.get(0).message()
              + "; their remote secrets were left as they were");
    }
    List<String> withoutServer =
        o.waiting().stream()
            .filter(w -> w.reason().equals(Waiting.PEER_API_SERVER))
            .map(Waiting::message)
            .toList();
    if (!withoutServer.isEmpty()) {
      return condition(
          REMOTE_CREDENTIALS,
          false,
          Waiting.PEER_API_SERVER,
          withoutServer.get(0)
              + (withoutServer.size() > 1 ? " (and " + (withoutServer.size() - 1) + " more)" : ""));
    }
    if (!o.peersWithoutCredential().isEmpty()) {
      return condition(
          REMOTE_CREDENTIALS,
          false,
          WAITING_FOR_CREDENTIAL,
          "remote secrets for "
              + NameList.of(o.peersWithoutCredential())
              + " point at the peers' API servers but carry no credential: the peers have not"
              + " sealed one for this cluster yet");
    }
    int applied = o.security().appliedCredentials().size();
    return condition(
        REMOTE_CREDENTIALS,
        true,
        "Applied",
        "every remote secret holds its peer's credential ("
            + applied
            + (applied == 1 ? " peer: " : " peers: ")
            + NameList.of(o.security().appliedCredentials().keySet())
            + ")");
  }

  private static List<Condition> leaveConditions(ReconcileOutcome o) {
    List<Condition> conditions = new ArrayList<>();
    if (o.step() == Step.LEFT) {
      conditions.add(
          condition(RESOURCES_REMOVED, true, "Removed", "everything meshfed created is removed"));
      conditions.add(condition(READY, false, "Left", "the cluster left the mesh"));
      return conditions;
    }
    if (o.failures().isEmpty()) {
      conditions.add(
          condition(RESOURCES_REMOVED, false, "Deleting", "deleting what meshfed created"));
    } else {
      ApplyException first = o.failures().get(0);
      conditions.add(condition(RESOURCES_REMOVED, false, first.reason(), first.getMessage()));
    }
    conditions.add(condition(READY, false, "Leaving", "the cluster is leaving the mesh"));
    return conditions;
  }

  private static Condition condition(String type, boolean status, String reason, String message) {
    return new Condition(type, status ? Condition.TRUE : Condition.FALSE, reason, message, null);
  }

  private static Condition unknown(String type, String reason, String message) {
    return new Condition(type, Condition.UNKNOWN, reason, message, null);
  }

  private static Condition withTransitionTime(
      Condition c, Optional<ClusterStatus> previous, Instant now) {
    Instant since =
        previous
            .flatMap(p -> p.condition(c.type()))
            .filter(p -> p.status().equals(c.status()))
            .map(Condition::lastTransitionTime)
            .orElse(now);
    return new Condition(c.type(), c.status(), c.reason(), c.message(), since);
  }
}
