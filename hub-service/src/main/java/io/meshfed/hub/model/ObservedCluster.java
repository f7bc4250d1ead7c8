package io.meshfed.hub.model;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The last status a cluster's agent reported, when the hub received it, whether the hub has since
 * declared it unreachable, and the last east-west addresses the cluster reported.
 *
 * @param lastAddresses the addresses of the last report that had any: a report without addresses
 *     (its load balancer's Service briefly gone, a read that failed) does not take them away from
 *     the remotes and the {@code meshNetworks} that use them; a report of other addresses does
 */
public record ObservedCluster(
    ClusterStatus status,
    Instant lastSeen,
    boolean unreachable,
    List<GatewayAddress> lastAddresses) {

  public ObservedCluster {
    lastAddresses = lastAddresses == null ? List.of() : List.copyOf(lastAddresses);
  }

  /** A cluster seen for the first time (or rebuilt from its last status). */
  public ObservedCluster(ClusterStatus status, Instant lastSeen, boolean unreachable) {
    this(status, lastSeen, unreachable, status.eastWestAddresses());
  }

  /** A new report of a cluster seen before: it keeps the addresses it last reported. */
  public static ObservedCluster reported(
      ClusterStatus status, Instant at, Optional<ObservedCluster> previous) {
    List<GatewayAddress> addresses =
        status.eastWestAddresses().isEmpty()
            ? previous.map(ObservedCluster::lastAddresses).orElse(List.of())
            : status.eastWestAddresses();
    return new ObservedCluster(status, at, false, addresses);
  }

  /**
   * The phase the hub shows: {@code Unreachable} once heartbeats stopped, else the reported one.
   */
  public Phase phase() {
    return unreachable ? Phase.UNREACHABLE : status.phase();
  }

  /**
   * The east-west addresses that can carry traffic: the last ones the cluster reported, whatever
   * its phase (a primary briefly not Ready, in an istiod rollout, still has its gateway); none once
   * it is leaving or has left.
   */
  public List<GatewayAddress> usableAddresses() {
    Phase reported = status.phase();
    if (reported == Phase.LEAVING || reported == Phase.LEFT) {
      return List.of();
    }
    return lastAddresses;
  }

  public ObservedCluster markUnreachable() {
    return new ObservedCluster(status, lastSeen, true, lastAddresses);
  }
}
