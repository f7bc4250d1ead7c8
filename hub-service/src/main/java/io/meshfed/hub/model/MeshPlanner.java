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

    /**
     * Where istiod is reached from the remotes: for a remote, the host of its primary's first
     * usable east-west address ({@code remotePilotAddress}); for a primary that serves remotes, the
     * same address, its own (a hostname goes onto istiod's certificate). Empty otherwise, or while
     * the primary has no address.
     */
    private Optional<String> discoveryAddress(
        Member member, Map<String, ObservedCluster> observed) {
      Optional<Member> primary;
      if (member.isRemote() && member.controlPlaneCluster() != null) {
        primary = Optional.ofNullable(byName.get(member.controlPlaneCluster()));
      } else if (member.isPrimary() && !remotesOf(member).isEmpty()) {
        primary = Optional.of(member);
      } else {
        primary = Optional.empty();
      }
      return primary
          .flatMap(p -> usableAddresses(p, observed).stream().findFirst())
          .map(GatewayAddress::host);
    }

    /**
     * The clusters whose remote secret a primary holds: every other member of the mesh, primary or
     * remote, whichever primary manages it. istiod builds a registry only for the clusters it holds
     * a secret for (istio {@code pkg/kube/multicluster/secretcontroller.go}), so a service that
     * runs only in another primary's remote would otherwise be invisible to it; which primary
     * manages a remote is the remote's {@code topology.istio.io/controlPlaneClusters} annotation,
     * not who reads it. A remote holds none.
     */
    private List<String> remoteSecretPeers(Member member) {
      if (!member.isPrimary()) {
        return List.of();
      }
      Set<String> peers = new TreeSet<>(byName.keySet());
      peers.remove(member.clusterName());
      return List.copyOf(peers);
    }

    /** Who holds the member's remote secret: every primary of the mesh but itself. */
    private Set<String> recipients(Member member) {
      Set<String> others = new TreeSet<>(primaries);
      others.remove(member.clusterName());
      return others;
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

  private static List<GatewayAddress> usableAddresses(
      Member member, Map<String, ObservedCluster> observed) {
    ObservedCluster o = observed.get(member.clusterName());
    return o == null ? List.of() : o.usableAddresses();
  }

  private static List<Member> sortedByName(List<Member> members) {
    return members.stream().sorted(Comparator.comparing(Member::clusterName)).toList();
  }
}
