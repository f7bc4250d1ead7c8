package io.meshfed.hub.log;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.hub.intake.Confirmations;
import io.meshfed.hub.intake.StatusSignatures;
import io.meshfed.hub.plan.DesiredRecords;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.hub.registry.ObservedCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Rebuilds the registry from the log: the last mesh record of each mesh ({@code meshfed.meshes.v2};
 * for a mesh that has none, the declared settings and the revision of its last mesh state of the
 * first contract on {@code meshfed.meshes.v1}), the last desired record of each cluster (a
 * tombstone removes it, its signing key, intermediate and own plan come with it), the last
 * credential record of each sender (a tombstone removes it) and, from its {@code appliedBy}, what
 * each primary confirmed applied of it, the newest status of each member whose signature verifies
 * with the member's registered key, found by reading its reports newest first (a primary's digest
 * in it confirms what it applied, as in the live intake; a status without its envelope keeps the
 * one the credential record routes; its {@code sequence} is the one the next report must exceed, so
 * a report sent again is refused after a restart as before it). The epoch is one more than the
 * highest epoch on the desired topic. Records read that cannot be decoded or verified are reported,
 * not fatal; a cluster's reports older than the one taken are not read. Pure.
 */
public final class Rebuilder {

  private Rebuilder() {}

  /**
   * @param registry the rebuilt registry
   * @param problems one line for each record that could not be used
   */
  public record Rebuilt(MeshRegistry registry, List<String> problems) {}

  /** Rebuilds, refusing the status of a cluster without a registered key (the default). */
  public static Rebuilt rebuild(LogSnapshot log) {
    return rebuild(log, true);
  }

  /**
   * @param requireRegisteredKey as {@code meshfed.hub.status.require-registered-key}: whether the
   *     status of a cluster without a registered key (in a mesh that does not pin) is left out
   */
  public static Rebuilt rebuild(LogSnapshot log, boolean requireRegisteredKey) {
    List<String> problems = new ArrayList<>();
    long maxEpoch = 0;
    Map<String, DesiredMembership> desired = new LinkedHashMap<>();
    for (LogRecord r : log.desired()) {
      if (r.value() == null) {
        desired.remove(r.key());
        continue;
      }
      DesiredMembership d = read(r, DesiredMembership.class, problems);
      if (d != null) {
        maxEpoch = Math.max(maxEpoch, d.epoch());
        desired.put(r.key(), d);
      }
    }
    Map<String, MeshRecord> meshes = latest(log.meshes(), MeshRecord.class, problems);
    Map<String, MeshState> legacy = latest(log.legacyMeshes(), MeshState.class, problems);

    MeshRegistry registry = MeshRegistry.empty(maxEpoch + 1);
    for (MeshRecord m : meshes.values()) {
      registry =
          registry
              .withMesh(
                  new MeshSettings(
                      m.meshId(),
                      m.istioVersion(),
                      m.cni(),
                      m.gatewayPlacement(),
                      Boolean.TRUE.equals(m.pinSigningKeysAtFirstContact())))
              .withMeshRecord(m);
    }
    // A mesh the hub last wrote in the first contract keeps its declared settings; its first
    // record on meshfed.meshes.v2 continues the revisions of meshfed.meshes.v1.
    Map<String, MeshRecord> routed = new LinkedHashMap<>(meshes);
    for (MeshState m : legacy.values()) {
      if (registry.mesh(m.meshId()).isEmpty()) {
        routed.put(m.meshId(), asRecord(m));
        registry =
            registry
                .withMesh(
                    new MeshSettings(
                        m.meshId(),
                        m.istioVersion(),
                        m.cni(),
                        m.gatewayPlacement(),
                        Boolean.TRUE.equals(m.pinSigningKeysAtFirstContact())))
                .withRevisionBefore(m.meshId(), m.revision());
      }
    }
    List<Member> members = new ArrayList<>();
    for (DesiredMembership d : desired.values()) {
      if (registry.mesh(d.meshId()).isEmpty()) {
        registry = registry.withMesh(new MeshSettings(d.meshId(), d.istioVersion(), d.cni(), null));
      }
      members.add(DesiredRecords.toMember(d, registry.mesh(d.meshId()).orElseThrow()));
    }
    registry = registry.withMembers(members);
    Map<String, SharedCredential> credentials =
        latest(log.credentials(), SharedCredential.class, problems);
    registry = registry.withCredentials(credentials.values(), List.of());
    // What each primary confirmed applied is in the appliedBy of the records it applied.
    Map<String, Map<String, String>> appliedBy = new LinkedHashMap<>();
    credentials.forEach((sender, c) -> appliedBy.put(sender, c.appliedBy()));
    registry = registry.withAppliedBy(appliedBy);
    // The last status of each member that speaks for it, read newest first per record key: a
    // forged record later on the log neither counts nor hides the genuine one before it, and a
    // cluster costs one decode and one signature check unless its newest reports are refused (as
    // StatusConsumer checks every report of a batch before it keeps the newest).
    Map<String, List<LogRecord>> byKey = new LinkedHashMap<>();
    for (LogRecord r : log.status()) {
      byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
    }
    Map<String, ObservedCluster> observed = new LinkedHashMap<>();
    for (List<LogRecord> reports : byKey.values()) {
      for (int i = reports.size() - 1; i >= 0; i--) {
        LogRecord r = reports.get(i);
        if (r.value() == null) {
          break; // a tombstone: nothing before it counts
        }
        ClusterStatus s = read(r, ClusterStatus.class, problems);
        if (s == null) {
          continue;
        }
        Optional<Member> member = registry.member(s.meshId(), s.clusterName());
        if (member.isPresent()
            && speaksFor(member.get(), registry, r, s, requireRegisteredKey, problems)) {
          observed.put(
              s.clusterName(),
              new ObservedCluster(
                  s,
                  r.timestamp(),
                  false,
                  lastAddresses(s, member.get(), routed.get(s.meshId())),
                  ObservedCluster.sharedCredential(
                      s, Optional.ofNullable(credentials.get(s.clusterName())))));
          break;
        }
      }
    }
    registry = registry.withObserved(observed);
    // A primary's last report is compared with what the log routes to it, as the live intake
    // compares it: the hub may have stopped before it wrote what that report confirmed.
    Map<String, MeshRegistry.Confirmed> confirmed = new TreeMap<>();
    for (ObservedCluster o : observed.values()) {
      ClusterStatus s = o.status();
      Member member = registry.member(s.clusterName()).orElseThrow();
      if (member.isPrimary()) {
        Confirmations.confirmed(
                registry,
                s.clusterName(),
                s.appliedCredentialsDigest(),
                registry.credentialsOf(s.meshId()))
            .ifPresent(c -> confirmed.put(s.clusterName(), c));
      }
    }
    registry = registry.withConfirmed(confirmed);
    return new Rebuilt(registry, problems);
  }

  /**
   * The addresses a member last reported, as the live intake keeps them: those of its last status,
   * or, when that one had none, those the last mesh record still routes to it (the gateways of a
   * network it is alone on, else a primary's discovery address), so that a restart of the hub does
   * not take a primary's address from its remotes nor a gateway from {@code meshNetworks}.
   */
  static List<GatewayAddress> lastAddresses(ClusterStatus status, Member member, MeshRecord mesh) {
    if (!status.eastWestAddresses().isEmpty() || mesh == null) {
      return status.eastWestAddresses();
    }
    NetworkSpec network =
        member.network() == null ? null : mesh.meshNetworks().get(member.network());
    if (network != null
        && network.endpoints().size() == 1
        && status.clusterName().equals(network.endpoints().get(0).fromRegistry())
        && !network.gateways().isEmpty()) {
      return network.gateways().stream()
          .map(g -> GatewayAddress.of(g.address(), g.port()))
          .toList();
    }
    MeshPrimary primary = member.isPrimary() ? mesh.primaries().get(status.clusterName()) : null;
    if (primary != null && primary.discoveryAddress() != null) {
      return List.of(
          GatewayAddress.of(primary.discoveryAddress(), GatewayAddress.CROSS_NETWORK_PORT));
    }
    return List.of();
  }

  /**
   * What a mesh state of the first contract routed, in the form of a mesh record: its {@code
   * meshNetworks} and each primary's discovery address and recipient key, for {@link
   * #lastAddresses}.
   */
  private static MeshRecord asRecord(MeshState state) {
    SortedMap<String, MeshPrimary> primaries = new TreeMap<>();
    state
        .members()
        .forEach(
            (name, plan) -> {
              if (plan.role() == Role.PRIMARY) {
                primaries.put(
                    name, new MeshPrimary(plan.discoveryAddress(), plan.recipientPublicKey()));
              }
            });
    return new MeshRecord(
        state.meshId(),
        state.revision(),
        state.istioVersion(),
        state.meshNetworks(),
        primaries,
        state.cni(),
        state.gatewayPlacement(),
        state.pinSigningKeysAtFirstContact());
  }

  /**
   * Whether the last status of a member verifies as the live intake would take it in. One that
   * would pin a key is left for the next report, which the live intake pins and records.
   */
  private static boolean speaksFor(
      Member member,
      MeshRegistry registry,
      LogRecord r,
      ClusterStatus s,
      boolean requireRegisteredKey,
      List<String> problems) {
    StatusSignatures.Verdict verdict =
        StatusSignatures.check(
            member,
            registry.mesh(member.meshId()).orElseThrow(),
            r.key(),
            r.value(),
            r.signature(),
            null,
            s,
            requireRegisteredKey);
    if (verdict instanceof StatusSignatures.Refused refused) {
      problems.add(where(r) + ": " + refused.message() + " (" + refused.reason() + ")");
      return false;
    }
    if (((StatusSignatures.Verified) verdict).pinKey() != null) {
      problems.add(where(r) + ": its signing key is pinned when the cluster reports again");
      return false;
    }
    Optional<String> outside = StatusSignatures.outsidePool(member, s);
    if (outside.isPresent()) {
      problems.add(where(r) + ": " + outside.get() + " (" + StatusSignatures.OUTSIDE_POOL + ")");
      return false;
    }
    return true;
  }

  private static String where(LogRecord r) {
    return r.topic() + "[" + r.partition() + "]@" + r.offset() + " key=" + r.key();
  }

  private static <T extends MeshEvent> Map<String, T> latest(
      List<LogRecord> records, Class<T> type, List<String> problems) {
    Map<String, T> latest = new LinkedHashMap<>();
    for (LogRecord r : records) {
      if (r.value() == null) {
        latest.remove(r.key());
        continue;
      }
      T value = read(r, type, problems);
      if (value != null) {
        latest.put(r.key(), value);
      }
    }
    return latest;
  }

  private static <T extends MeshEvent> T read(LogRecord r, Class<T> type, List<String> problems) {
    try {
      return EventCodec.decode(type, r.value());
    } catch (EventDecodeException e) {
      problems.add(where(r) + ": " + e.getMessage());
      return null;
    }
  }
}
