package io.meshfed.hub.model;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Phase;
import java.time.Instant;
import java.util.List;

/**
 * The last status a cluster's agent reported, when the hub received it, and whether the hub has
 * since declared it unreachable.
 */
public record ObservedCluster(ClusterStatus status, Instant lastSeen, boolean unreachable) {

  /**
   * The phase the hub shows: {@code Unreachable} once heartbeats stopped, else the reported one.
   */
  public Phase phase() {
    return unreachable ? Phase.UNREACHABLE : status.phase();
  }

  /**
   * The east-west addresses that can carry traffic: none while the cluster is leaving or has left.
   */
  public List<GatewayAddress> usableAddresses() {
    Phase reported = status.phase();
    if (reported == Phase.LEAVING || reported == Phase.LEFT) {
      return List.of();
    }
    return status.eastWestAddresses();
  }

  public ObservedCluster markUnreachable() {
    return new ObservedCluster(status, lastSeen, true);
  }
}
