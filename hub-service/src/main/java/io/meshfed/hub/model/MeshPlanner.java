package io.meshfed.hub.model;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.NetworkEndpoint;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.SealedCredential;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Plans a mesh from its members and what their agents reported: the {@code meshNetworks} value, the
 * discovery address of each remote, which primaries serve remotes ({@code externalIstiod}), which
 * remote secrets every member holds, and the sealed credentials each member's recipients open.
 * Pure: no I/O, same input, same output.
 */
public final class MeshPlanner {

  private MeshPlanner() {}

  /**
   * The mesh record for the given members, at the given revision. Linear in the number of members
   * (times their peers' names): the lookups by name, role and primary are built once.
   */
  public static MeshState plan(
      MeshSettings mesh,
      List<Member> members,
      Map<String, ObservedCluster> observed,
      long revision) {
    List<Member> sorted = sortedByName(members);
    Index index = new Index(sorted);
    SortedMap<String, MemberPlan> plans = new TreeMap<>();
    for (Member m : sorted) {
      plans.put(m.clusterName(), index.memberPlan(m, observed));
    }
    return new MeshState(
        mesh.meshId(),
        revision,
        mesh.istioVersion(),
        meshNetworks(sorted, observed),
        plans,
        mesh.cni(),
        mesh.gatewayPlacement(),
        mesh.pinSigningKeysAtFirstContact() ? Boolean.TRUE : null);
  }

  /**
   * The members of one mesh by name, its primaries and the remotes each primary serves, so that
   * planning a member looks its peers up instead of scanning every member.
   */
  private static final class Index {
    private final Map<String, Member> byName = new HashMap<>();
    private final SortedSet<String> primaries = new TreeSet<>();
    private final Map<String, SortedSet<String>> remotesByPrimary = new HashMap<>();

    Index(List<Member> members) {
      for (Member m : members) {
        byName.put(m.clusterName(), m);
        if (m.isPrimary()) {
          primaries.add(m.clusterName());
        } else if (m.isRemote() && m.controlPlaneCluster() != null) {
          remotesByPrimary
              .computeIfAbsent(m.controlPlaneCluster(), p -> new TreeSet<>())
              .add(m.clusterName());
        }
      }
    }

    MemberPlan memberPlan(Member member, Map<String, ObservedCluster> observed) {
      MemberPlan plan =
          new MemberPlan(
              member.role(),
              member.network(),
              member.controlPlaneCluster(),
              discoveryAddress(member, observed).orElse(null),
              member.isPrimary() && !remotesOf(member).isEmpty(),
              apiServerUrl(member, observed).orElse(null),
              remoteSecretPeers(member));
      ObservedCluster o = observed.get(member.clusterName());
      if (o == null) {
        return plan;
      }
      return plan.withCredentials(
              o.status().recipientPublicKey(), sealedFor(o.status(), recipients(member)))
          .withAppliedCredentials(o.status().appliedCredentials());
    }

    private SortedSet<String> remotesOf(Member primary) {
      return remotesByPrimary.getOrDefault(primary.clusterName(), EMPTY);
    }

    private Optional<String> discoveryAddress(
        Member member, Map<String, ObservedCluster> observed) {
      if (!member.isRemote() || member.controlPlaneCluster() == null) {
        return Optional.empty();
      }
      return Optional.ofNullable(byName.get(member.controlPlaneCluster()))
          .flatMap(primary -> usableAddresses(primary, observed).stream().findFirst())
          .map(GatewayAddress::host);
    }

    private List<String> remoteSecretPeers(Member member) {
      if (!member.isPrimary()) {
        return List.of();
      }
      Set<String> peers = new TreeSet<>(primaries);
      peers.remove(member.clusterName());
      peers.addAll(remotesOf(member));
      return List.copyOf(peers);
    }

    /**
     * Who holds the member's remote secret: a primary's is held by every other primary, a remote's
     * by its primary (if that is a primary of the mesh).
     */
    private Set<String> recipients(Member member) {
      if (member.isPrimary()) {
        Set<String> others = new TreeSet<>(primaries);
        others.remove(member.clusterName());
        return others;
      }
      if (member.isRemote()
          && member.controlPlaneCluster() != null
          && primaries.contains(member.controlPlaneCluster())) {
        return Set.of(member.controlPlaneCluster());
      }
      return Set.of();
    }
  }

  private static final SortedSet<String> EMPTY = Collections.unmodifiableSortedSet(new TreeSet<>());

  /**
   * {@code values.global.meshNetworks}: for every named network, its clusters as {@code
   * fromRegistry} endpoints and, when the mesh spans more than one network, the east-west address
   * of each of its clusters that can carry traffic. One flat network has no gateways.
   */
  public static SortedMap<String, NetworkSpec> meshNetworks(
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

  /**
   * What one member is told about its place in the mesh, and what its peers need of it: its
   * recipient key and its sealed credentials, routed from its verified status.
   */
  public static MemberPlan memberPlan(
      Member member, List<Member> members, Map<String, ObservedCluster> observed) {
    MemberPlan plan =
        new MemberPlan(
            member.role(),
            member.network(),
            member.controlPlaneCluster(),
            discoveryAddress(member, members, observed).orElse(null),
            externalIstiod(member, members),
            apiServerUrl(member, observed).orElse(null),
            remoteSecretPeers(member, members));
    ObservedCluster o = observed.get(member.clusterName());
    if (o == null) {
      return plan;
    }
    return plan.withCredentials(
            o.status().recipientPublicKey(),
            sealedFor(o.status(), credentialRecipients(member, members)))
        .withAppliedCredentials(o.status().appliedCredentials());
  }

  /**
   * The clusters that hold this member's remote secret: every member whose {@code
   * remoteSecretPeers} names it, sorted.
   */
  public static List<String> credentialRecipients(Member member, List<Member> members) {
    return sortedByName(members).stream()
        .filter(m -> remoteSecretPeers(m, members).contains(member.clusterName()))
        .map(Member::clusterName)
        .toList();
  }

  /**
   * The member's sealed credentials for its recipients: what it reported, less anything sealed for
   * a cluster that does not hold its remote secret.
   */
  private static SortedMap<String, SealedCredential> sealedFor(
      ClusterStatus status, Collection<String> recipients) {
    SortedMap<String, SealedCredential> sealed = new TreeMap<>();
    status
        .sealedCredentials()
        .forEach(
            (recipient, credential) -> {
              if (recipients.contains(recipient)) {
                sealed.put(recipient, credential);
              }
            });
    return sealed;
  }

  /**
   * For a remote: the host of the first east-west address of its primary, where the remote's
   * proxies reach istiod ({@code remotePilotAddress}). Empty for a primary, or while the primary
   * has no address yet.
   */
  public static Optional<String> discoveryAddress(
      Member member, List<Member> members, Map<String, ObservedCluster> observed) {
    if (!member.isRemote() || member.controlPlaneCluster() == null) {
      return Optional.empty();
    }
    return members.stream()
        .filter(m -> m.clusterName().equals(member.controlPlaneCluster()))
        .findFirst()
        .flatMap(primary -> usableAddresses(primary, observed).stream().findFirst())
        .map(GatewayAddress::host);
  }

  /** A primary serving at least one remote exposes istiod to them ({@code externalIstiod}). */
  public static boolean externalIstiod(Member member, List<Member> members) {
    return member.isPrimary() && !remotesOf(member, members).isEmpty();
  }

  /**
   * The clusters whose remote secret this member holds: for a primary, every other primary and each
   * remote it serves, sorted; a remote holds none.
   */
  public static List<String> remoteSecretPeers(Member member, List<Member> members) {
    if (!member.isPrimary()) {
      return List.of();
    }
    Set<String> peers = new TreeSet<>();
    for (Member m : members) {
      if (m.isPrimary() && !m.clusterName().equals(member.clusterName())) {
        peers.add(m.clusterName());
      }
    }
    remotesOf(member, members).forEach(r -> peers.add(r.clusterName()));
    return List.copyOf(peers);
  }

  /** The member's API server as peers reach it: the override, else what its agent reported. */
  public static Optional<String> apiServerUrl(
      Member member, Map<String, ObservedCluster> observed) {
    if (member.apiServerUrl() != null) {
      return Optional.of(member.apiServerUrl());
    }
    return Optional.ofNullable(observed.get(member.clusterName()))
        .map(o -> o.status().apiServerUrl())
        .filter(Objects::nonNull);
  }

  private static List<Member> remotesOf(Member primary, List<Member> members) {
    return members.stream()
        .filter(Member::isRemote)
        .filter(m -> primary.clusterName().equals(m.controlPlaneCluster()))
        .collect(Collectors.toList());
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
