package io.meshfed.hub.plan;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.NetworkEndpoint;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.hub.registry.ObservedCluster;
import io.meshfed.hub.registry.OwnPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Plans a mesh from its members and what their agents reported, in three parts whose sizes never
 * grow with the mesh's pairs: the mesh record ({@code meshNetworks}; each primary's discovery
 * address and recipient key), each member's own plan (whether it serves remotes) and each member's
 * credential record (its API server, its sealed credential for the primaries that hold its remote
 * secret, which of them applied it). A primary's remote-secret peers are planned nowhere: they are
 * the senders of its mesh's credential records, so that a join or leave changes no other member's
 * own plan (but a primary's {@code externalIstiod} when it gets its first or loses its last
 * remote). Pure: no I/O, same input, same output.
 */
final class MeshPlanner {

  private MeshPlanner() {}

  /**
   * The plan of a mesh, with revisions 0. Linear in the members, plus the size of what it returns
   * (a sender's recipients and who applied its credential): the primaries and the primaries that
   * serve remotes are collected once.
   */
  public static MeshPlan plan(
      MeshSettings mesh,
      List<Member> members,
      Map<String, ObservedCluster> observed,
      Map<String, ? extends Map<String, String>> appliedBy) {
    List<Member> sorted = sortedByName(members);
    List<String> primaries = new ArrayList<>();
    Set<String> serving = new HashSet<>();
    for (Member m : sorted) {
      if (m.isPrimary()) {
        primaries.add(m.clusterName());
      } else if (m.isRemote() && m.controlPlaneCluster() != null) {
        serving.add(m.controlPlaneCluster());
      }
    }
    Set<String> primarySet = new HashSet<>(primaries);

    SortedMap<String, MeshPrimary> meshPrimaries = new TreeMap<>();
    SortedMap<String, OwnPlan> plans = new TreeMap<>();
    SortedMap<String, SharedCredential> credentials = new TreeMap<>();
    for (Member m : sorted) {
      String name = m.clusterName();
      boolean servesRemotes = m.isPrimary() && serving.contains(name);
      if (m.isPrimary()) {
        meshPrimaries.put(
            name,
            new MeshPrimary(
                servesRemotes ? firstUsableHost(m, observed).orElse(null) : null,
                status(name, observed).map(ClusterStatus::recipientPublicKey).orElse(null)));
        plans.put(name, new OwnPlan(servesRemotes));
      } else {
        plans.put(name, new OwnPlan(false));
      }
      credential(mesh.meshId(), m, primaries, primarySet, appliedBy, observed)
          .ifPresent(c -> credentials.put(name, c));
    }
    MeshRecord record =
        new MeshRecord(
            mesh.meshId(),
            0,
            mesh.istioVersion(),
            meshNetworks(sorted, observed),
            meshPrimaries,
            mesh.cni(),
            mesh.gatewayPlacement(),
            mesh.pinSigningKeysAtFirstContact() ? Boolean.TRUE : null);
    return new MeshPlan(record, plans, credentials);
  }

  /**
   * The credential record of a member, if it has at least one recipient (a primary of the mesh
   * other than itself: they all hold its remote secret) and something to route to them: its API
   * server URL, the credential it shares (that of its latest verified status, else the one routed
   * so far; sealed for those recipients only), or which of its credentials a recipient confirmed
   * applied.
   *
   * @param appliedBy by sender, what each primary confirmed applied of its credential
   */
  private static Optional<SharedCredential> credential(
      String meshId,
      Member sender,
      List<String> primaries,
      Set<String> primarySet,
      Map<String, ? extends Map<String, String>> appliedBy,
      Map<String, ObservedCluster> observed) {
    String name = sender.clusterName();
    int recipients = primarySet.contains(name) ? primaries.size() - 1 : primaries.size();
    if (recipients == 0) {
      return Optional.empty();
    }
    String apiServerUrl = apiServerUrl(sender, observed).orElse(null);
    ObservedCluster reported = observed.get(name);
    CredentialEnvelope envelope =
        reported == null || reported.sharedCredential() == null
            ? null
            : forRecipients(reported.sharedCredential(), name, primarySet);
    SortedMap<String, String> applied = new TreeMap<>();
    Map<String, String> confirmed = appliedBy.get(name);
    (confirmed == null ? Map.<String, String>of() : confirmed)
        .forEach(
            (recipient, id) -> {
              if (!recipient.equals(name) && primarySet.contains(recipient)) {
                applied.put(recipient, id);
              }
            });
    if (apiServerUrl == null && envelope == null && applied.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SharedCredential(meshId, name, 0, apiServerUrl, envelope, applied));
  }

  /**
   * The envelope as its recipients need it: the data key sealed for each primary of the mesh but
   * the sender, and for nobody else (a cluster that left, or a remote, holds no remote secret).
   */
  private static CredentialEnvelope forRecipients(
      CredentialEnvelope envelope, String sender, Set<String> primaries) {
    boolean allKept = true;
    for (String recipient : envelope.recipients().keySet()) {
      if (recipient.equals(sender) || !primaries.contains(recipient)) {
        allKept = false;
        break;
      }
    }
    if (allKept) {
      // the usual case, planned for every batch: the very envelope the sender reported
      return envelope;
    }
    SortedMap<String, String> kept = new TreeMap<>();
    envelope
        .recipients()
        .forEach(
            (recipient, wrappedKey) -> {
              if (!recipient.equals(sender) && primaries.contains(recipient)) {
                kept.put(recipient, wrappedKey);
              }
            });
    return new CredentialEnvelope(
        envelope.purpose(),
        envelope.credentialId(),
        envelope.expiresAt(),
        envelope.ciphertext(),
        kept);
  }

  /**
   * {@code values.global.meshNetworks}: for every named network, its clusters as {@code
   * fromRegistry} endpoints and, when the mesh spans more than one network, the east-west address
   * of each of its clusters that can carry traffic. One flat network has no gateways.
   */
  private static SortedMap<String, NetworkSpec> meshNetworks(
      List<Member> members, Map<String, ObservedCluster> observed) {
    SortedMap<String, List<Member>> byNetwork = new TreeMap<>();
    for (Member m : sortedByName(members)) {
      if (m.network() != null) {
        byNetwork.computeIfAbsent(m.network(), n -> new ArrayList<>()).add(m);
      }
    }
    boolean multiNetwork = byNetwork.size() > 1;
    SortedMap<String, NetworkSpec> networks = new TreeMap<>();
    byNetwork.forEach(
        (network, onNetwork) -> {
          List<NetworkEndpoint> endpoints =
              onNetwork.stream().map(m -> new NetworkEndpoint(m.clusterName())).toList();
          Set<NetworkGateway> gateways = new LinkedHashSet<>();
          if (multiNetwork) {
            for (Member m : onNetwork) {
              for (GatewayAddress a : usableAddresses(m, observed)) {
                gateways.add(new NetworkGateway(a.host(), a.port()));
              }
            }
          }
          networks.put(network, new NetworkSpec(endpoints, List.copyOf(gateways)));
        });
    return networks;
  }

  /** The member's API server as peers reach it: the override, else what its agent reported. */
  private static Optional<String> apiServerUrl(
      Member member, Map<String, ObservedCluster> observed) {
    if (member.apiServerUrl() != null) {
      return Optional.of(member.apiServerUrl());
    }
    return status(member.clusterName(), observed)
        .map(ClusterStatus::apiServerUrl)
        .filter(Objects::nonNull);
  }

  /**
   * Where istiod is reached from a primary's remotes: the host of its first usable east-west
   * address ({@code remotePilotAddress}; a hostname goes onto istiod's certificate). Empty while it
   * has none.
   */
  private static Optional<String> firstUsableHost(
      Member primary, Map<String, ObservedCluster> observed) {
    return usableAddresses(primary, observed).stream().findFirst().map(GatewayAddress::host);
  }

  private static Optional<ClusterStatus> status(
      String cluster, Map<String, ObservedCluster> observed) {
    return Optional.ofNullable(observed.get(cluster)).map(ObservedCluster::status);
  }

  private static List<GatewayAddress> usableAddresses(
      Member member, Map<String, ObservedCluster> observed) {
    ObservedCluster o = observed.get(member.clusterName());
    return o == null ? List.of() : o.usableAddresses();
  }

  private static List<Member> sortedByName(List<Member> members) {
    return members.stream().sorted(Comparator.comparing(Member::clusterName)).toList();
  }
}
