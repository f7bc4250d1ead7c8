package io.meshfed.hub.api;

import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Phase;
import io.meshfed.hub.registry.Convergence;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.hub.registry.ObservedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Builds the API's view of a mesh from the registry. Pure. */
public final class MeshViews {

  private MeshViews() {}

  /** The meshes whose id the filter takes, e.g. those the caller may read. */
  public static MeshList all(MeshRegistry registry, Predicate<String> meshIds) {
    return new MeshList(
        registry.meshes().values().stream()
            .filter(m -> meshIds.test(m.meshId()))
            .map(m -> of(registry, m))
            .toList());
  }

  public static Optional<MeshView> one(MeshRegistry registry, String meshId) {
    return registry.mesh(meshId).map(m -> of(registry, m));
  }

  private static MeshView of(MeshRegistry registry, MeshSettings mesh) {
    Optional<MeshRecord> record = registry.meshRecord(mesh.meshId());
    SortedMap<String, NetworkSpec> networks =
        record.map(MeshRecord::meshNetworks).orElseGet(TreeMap::new);
    List<Member> members = registry.membersOf(mesh.meshId());
    List<String> names = members.stream().map(Member::clusterName).toList();
    List<ClusterView> clusters = new ArrayList<>(members.size());
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      clusters.add(cluster(registry, record, m, m.isPrimary() ? allBut(names, i) : List.of()));
    }
    return new MeshView(
        mesh.meshId(),
        mesh.istioVersion(),
        record.map(MeshRecord::revision).orElse(0L),
        Convergence.converged(registry, mesh.meshId()),
        clusters,
        networks);
  }

  /**
   * The clusters whose remote secret a primary holds, as the API shows them: every other member of
   * its mesh, sorted. (On the wire they are the senders of the mesh's credential records; this
   * answer does not wait for their first report.)
   */
  private static List<String> allBut(List<String> sortedNames, int index) {
    List<String> peers = new ArrayList<>(sortedNames.size() - 1);
    peers.addAll(sortedNames.subList(0, index));
    peers.addAll(sortedNames.subList(index + 1, sortedNames.size()));
    return peers;
  }

  private static ClusterView cluster(
      MeshRegistry registry, Optional<MeshRecord> record, Member m, List<String> peers) {
    Optional<ObservedCluster> observed = registry.observed(m.clusterName());
    List<GatewayAddress> addresses =
        observed.map(o -> o.status().eastWestAddresses()).orElse(List.of());
    return new ClusterView(
        m.clusterName(),
        m.role(),
        m.network(),
        m.controlPlaneCluster(),
        observed.map(ObservedCluster::phase).orElse(Phase.PENDING),
        observed.map(o -> o.status().conditions()).orElse(List.of()),
        addresses.isEmpty() ? null : addresses.get(0).host(),
        addresses,
        m.generation(),
        observed.map(o -> o.status().observedGeneration()).orElse(null),
        observed.map(o -> o.status().observedMeshRevision()).orElse(null),
        observed.map(ObservedCluster::lastSeen).orElse(null),
        discoveryAddress(record, m),
        peers);
  }

  /**
   * Where the member reaches istiod from, as its agent reads it from the mesh record: for a remote,
   * its primary's discovery address; for a primary that serves remotes, its own.
   */
  private static String discoveryAddress(Optional<MeshRecord> record, Member m) {
    String primary = m.isRemote() ? m.controlPlaneCluster() : m.clusterName();
    if (primary == null) {
      return null;
    }
    return record.flatMap(r -> r.primary(primary)).map(MeshPrimary::discoveryAddress).orElse(null);
  }
}
