package io.meshfed.hub.model;

import io.meshfed.events.model.ClusterDegraded;
import io.meshfed.events.model.ClusterReady;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.DomainEvent;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes in one verified status report: records it for its member, tells of phase transitions
 * (Ready, Degraded), plans a new mesh record when the report changes the plan (an east-west address
 * appeared, changed or went away; the API-server URL changed; its recipient key or sealed
 * credentials changed), and a new desired record when the member's identity changed with it (a
 * pinned signing key, an issued intermediate). Pure.
 */
public final class StatusIntake {

  private StatusIntake() {}

  /**
   * What a status report does.
   *
   * @param changes what to write, and the registry afterwards
   * @param ignored the cluster is not a member of the mesh the report names
   * @param addressesChanged the cluster's usable east-west addresses changed
   * @param turnedReady the cluster turned Ready with this report
   */
  public record Outcome(
      Changes changes, boolean ignored, boolean addressesChanged, boolean turnedReady) {}

  public static Outcome apply(MeshRegistry registry, ClusterStatus status, Instant receivedAt) {
    return apply(registry, status, receivedAt, null);
  }

  /**
   * @param trust the member's identity after this report (a pinned key, a new intermediate), or
   *     null to keep it
   */
  public static Outcome apply(
      MeshRegistry registry, ClusterStatus status, Instant receivedAt, MemberTrust trust) {
    Optional<Member> member = registry.member(status.meshId(), status.clusterName());
    if (member.isEmpty()) {
      return new Outcome(Changes.none(registry), true, false, false);
    }
    Optional<ObservedCluster> previous = registry.observed(status.clusterName());
    ObservedCluster current = new ObservedCluster(status, receivedAt, false);
    MeshRegistry after = registry.withObserved(status.clusterName(), current);
    if (trust != null) {
      after = after.withMember(member.get().withTrust(trust));
    }
    Changes changes = MeshChanges.between(registry, after, status.meshId());

    Phase before = previous.map(ObservedCluster::phase).orElse(Phase.PENDING);
    List<DomainEvent> events = new ArrayList<>();
    boolean turnedReady = status.phase() == Phase.READY && before != Phase.READY;
    if (turnedReady) {
      events.add(
          new ClusterReady(status.meshId(), status.clusterName(), status.observedGeneration()));
    }
    if (status.phase() == Phase.DEGRADED && before != Phase.DEGRADED) {
      Optional<Condition> failing =
          status.conditions().stream().filter(c -> Condition.FALSE.equals(c.status())).findFirst();
      events.add(
          new ClusterDegraded(
              status.meshId(),
              status.clusterName(),
              failing.map(Condition::reason).filter(r -> !r.isBlank()).orElse("Degraded"),
              failing.map(Condition::message).orElse(null)));
    }
    events.addAll(changes.events());
    List<GatewayAddress> oldAddresses =
        previous.map(ObservedCluster::usableAddresses).orElse(List.of());
    boolean addressesChanged = !oldAddresses.equals(current.usableAddresses());
    Changes ordered =
        new Changes(
            changes.next(), changes.desired(), changes.tombstones(), changes.meshRecords(), events);
    return new Outcome(ordered, false, addressesChanged, turnedReady);
  }
}
