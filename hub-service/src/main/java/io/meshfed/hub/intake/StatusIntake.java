package io.meshfed.hub.intake;

import io.meshfed.events.model.ClusterDegraded;
import io.meshfed.events.model.ClusterReady;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.DomainEvent;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.hub.plan.Changes;
import io.meshfed.hub.plan.MeshChanges;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MemberTrust;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.ObservedCluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Takes in verified status reports: records each for its member, tells of phase transitions (Ready,
 * Degraded), and writes what the reports change of the plan: a new mesh record when an east-west
 * address appeared, changed or went away or a primary's recipient key changed; a new credential
 * record of the sender when its shared credential or API-server URL changed (a report without an
 * envelope keeps the one the hub routes), and of each peer whose credential a primary now confirmed
 * applied (its {@code appliedCredentialsDigest} equals the digest of what the hub routes to it, see
 * {@link Confirmations}); a new desired record when a member's identity changed with it (a pinned
 * signing key, an issued intermediate). The legacy per-recipient {@code sealedCredentials} and
 * {@code appliedCredentials} of a report are ignored. A batch of reports re-plans each mesh it
 * touches once: at most one mesh record per mesh, whatever the number of reports. Pure.
 */
public final class StatusIntake {

  private static final String READY = "Ready";

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

  /**
   * One verified report of a batch.
   *
   * @param status the report
   * @param receivedAt when the hub read it
   * @param trust the member's identity after this report (a pinned key, a new intermediate), or
   *     null to keep it
   */
  public record Report(ClusterStatus status, Instant receivedAt, MemberTrust trust) {}

  /**
   * What one report of a batch did.
   *
   * @param status the report
   * @param ignored the cluster is not a member of the mesh the report names
   * @param addressesChanged the cluster's usable east-west addresses changed
   * @param turnedReady the cluster turned Ready with this report
   * @param credentialNotSent the report names a shared credential other than the one the hub routes
   *     for the cluster, without its envelope: the hub keeps routing the one it has
   */
  public record Taken(
      ClusterStatus status,
      boolean ignored,
      boolean addressesChanged,
      boolean turnedReady,
      boolean credentialNotSent) {}

  /**
   * What a batch of reports does.
   *
   * @param changes what to write (desired records, credential records, at most one mesh record per
   *     mesh, then the events of every report and the meshes' network changes), and the registry
   *     afterwards
   * @param taken what each report did, in the order given
   */
  public record BatchOutcome(Changes changes, List<Taken> taken) {

    /** The new mesh record of a mesh in this batch, if it got one. */
    public Optional<MeshRecord> meshRecord(String meshId) {
      return changes.meshRecords().stream().filter(m -> m.meshId().equals(meshId)).findFirst();
    }
  }

  public static Outcome apply(MeshRegistry registry, ClusterStatus status, Instant receivedAt) {
    return apply(registry, status, receivedAt, null);
  }

  /**
   * @param trust the member's identity after this report (a pinned key, a new intermediate), or
   *     null to keep it
   */
  public static Outcome apply(
      MeshRegistry registry, ClusterStatus status, Instant receivedAt, MemberTrust trust) {
    BatchOutcome batch = applyAll(registry, List.of(new Report(status, receivedAt, trust)));
    Taken taken = batch.taken().get(0);
    return new Outcome(
        batch.changes(), taken.ignored(), taken.addressesChanged(), taken.turnedReady());
  }

  /**
   * Takes in reports of different clusters (the newest of each), then re-plans every mesh they
   * touched once.
   */
  public static BatchOutcome applyAll(MeshRegistry registry, List<Report> reports) {
    // What the reports change is put in at once: one copy of the registry's maps per batch, not
    // one per report.
    Map<String, ObservedCluster> observed = new HashMap<>();
    Map<String, Member> trusted = new HashMap<>();
    List<DomainEvent> events = new ArrayList<>();
    List<Taken> taken = new ArrayList<>();
    SortedSet<String> touched = new TreeSet<>();
    // What the hub routes, as the primaries of this batch can have read it: the records on the log.
    Map<String, List<SharedCredential>> routed = new HashMap<>();
    Map<String, MeshRegistry.Confirmed> confirmed = new TreeMap<>();
    for (Report report : reports) {
      ClusterStatus status = report.status();
      Optional<Member> member =
          Optional.ofNullable(trusted.get(status.clusterName()))
              .or(() -> registry.member(status.clusterName()))
              .filter(m -> m.meshId().equals(status.meshId()));
      if (member.isEmpty()) {
        taken.add(new Taken(status, true, false, false, false));
        continue;
      }
      Optional<ObservedCluster> previous =
          Optional.ofNullable(observed.get(status.clusterName()))
              .or(() -> registry.observed(status.clusterName()));
      ObservedCluster current =
          ObservedCluster.reported(
              status, report.receivedAt(), previous, registry.credential(status.clusterName()));
      observed.put(status.clusterName(), current);
      if (report.trust() != null) {
        trusted.put(status.clusterName(), member.get().withTrust(report.trust()));
      }
      touched.add(status.meshId());
      if (member.get().isPrimary()) {
        Confirmations.confirmed(
                registry,
                status.clusterName(),
                status.appliedCredentialsDigest(),
                routed.computeIfAbsent(status.meshId(), registry::credentialsOf))
            .ifPresent(c -> confirmed.put(status.clusterName(), c));
      }
      Phase before = previous.map(ObservedCluster::phase).orElse(Phase.PENDING);
      boolean turnedReady = status.phase() == Phase.READY && before != Phase.READY;
      if (turnedReady) {
        events.add(
            new ClusterReady(status.meshId(), status.clusterName(), status.observedGeneration()));
      }
      if (status.phase() == Phase.DEGRADED && before != Phase.DEGRADED) {
        events.add(degraded(status));
      }
      List<GatewayAddress> oldAddresses =
          previous.map(ObservedCluster::usableAddresses).orElse(List.of());
      taken.add(
          new Taken(
              status,
              false,
              !oldAddresses.equals(current.usableAddresses()),
              turnedReady,
              current.namesAnotherCredential()));
    }
    MeshRegistry next =
        registry.withObserved(observed).withMembers(trusted.values()).withConfirmed(confirmed);
    List<DesiredMembership> desired = new ArrayList<>();
    List<String> tombstones = new ArrayList<>();
    List<SharedCredential> credentials = new ArrayList<>();
    List<String> credentialTombstones = new ArrayList<>();
    List<MeshRecord> meshRecords = new ArrayList<>();
    for (String meshId : touched) {
      Changes changes = MeshChanges.between(registry, next, meshId);
      next = changes.next();
      desired.addAll(changes.desired());
      tombstones.addAll(changes.tombstones());
      credentials.addAll(changes.credentials());
      credentialTombstones.addAll(changes.credentialTombstones());
      meshRecords.addAll(changes.meshRecords());
      events.addAll(changes.events());
    }
    return new BatchOutcome(
        new Changes(
            next, desired, tombstones, credentials, credentialTombstones, meshRecords, events),
        List.copyOf(taken));
  }

  /**
   * The cluster's {@code Ready} condition says why it is not ready; only a report without one names
   * its first false condition.
   */
  private static ClusterDegraded degraded(ClusterStatus status) {
    Optional<Condition> failing =
        status.conditions().stream()
            .filter(c -> READY.equals(c.type()) && Condition.FALSE.equals(c.status()))
            .findFirst()
            .or(
                () ->
                    status.conditions().stream()
                        .filter(c -> Condition.FALSE.equals(c.status()))
                        .findFirst());
    return new ClusterDegraded(
        status.meshId(),
        status.clusterName(),
        failing.map(Condition::reason).filter(r -> !r.isBlank()).orElse("Degraded"),
        failing.map(Condition::message).orElse(null));
  }
}
