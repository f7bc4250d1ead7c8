package io.meshfed.hub.registry;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.SharedCredential;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The last status a cluster's agent reported (and with it its sequence, which the next report taken
 * in must exceed), when the hub received it, whether the hub has since declared it unreachable, the
 * last east-west addresses the cluster reported and the credential the hub takes as the one it
 * shares.
 *
 * @param lastAddresses the addresses of the last report that had any: a report without addresses
 *     (its load balancer's Service briefly gone, a read that failed) does not take them away from
 *     the remotes and the {@code meshNetworks} that use them; a report of other addresses does
 * @param sharedCredential the envelope of the credential the cluster shares: that of its last
 *     report if it sent one, else the one the hub routes for it (an agent leaves its envelope out
 *     once its credential record carries it); null while it shared none
 */
public record ObservedCluster(
    ClusterStatus status,
    Instant lastSeen,
    boolean unreachable,
    List<GatewayAddress> lastAddresses,
    CredentialEnvelope sharedCredential) {

  public ObservedCluster {
    lastAddresses = lastAddresses == null ? List.of() : List.copyOf(lastAddresses);
  }

  /** A cluster seen for the first time, with what its status carries. */
  public ObservedCluster(ClusterStatus status, Instant lastSeen, boolean unreachable) {
    this(status, lastSeen, unreachable, status.eastWestAddresses(), status.sharedCredential());
  }

  /**
   * A new report of a cluster: it keeps the addresses it last reported, and the credential the hub
   * routes for it unless the report carries an envelope.
   *
   * @param routed the cluster's credential record as the hub last wrote it, if any
   */
  public static ObservedCluster reported(
      ClusterStatus status,
      Instant at,
      Optional<ObservedCluster> previous,
      Optional<SharedCredential> routed) {
    List<GatewayAddress> addresses =
        status.eastWestAddresses().isEmpty()
            ? previous.map(ObservedCluster::lastAddresses).orElse(List.of())
            : status.eastWestAddresses();
    return new ObservedCluster(status, at, false, addresses, sharedCredential(status, routed));
  }

  /**
   * The envelope the hub takes as the one a cluster shares: the report's, else the routed one (also
   * when the report names another credential id: the agent sends that envelope again, since its
   * record does not carry it).
   */
  public static CredentialEnvelope sharedCredential(
      ClusterStatus status, Optional<SharedCredential> routed) {
    if (status.sharedCredential() != null) {
      return status.sharedCredential();
    }
    return routed.map(SharedCredential::credential).orElse(null);
  }

  /**
   * Whether a report names a shared credential without its envelope that is not the one the hub
   * routes: the hub keeps routing the one it has.
   */
  public boolean namesAnotherCredential() {
    String id = status.sharedCredentialId();
    return status.sharedCredential() == null
        && id != null
        && (sharedCredential == null || !id.equals(sharedCredential.credentialId()));
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

  /**
   * The sequence of the last report taken in (0: it carried none, an agent from before sequences):
   * the hub takes in only a report with a greater one ({@link
   * io.meshfed.hub.intake.StatusReplays}).
   */
  public long sequence() {
    return status.sequence();
  }

  public ObservedCluster markUnreachable() {
    return new ObservedCluster(status, lastSeen, true, lastAddresses, sharedCredential);
  }
}
