package io.meshfed.hub.api;

import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Phase;
import io.meshfed.hub.model.Convergence;
import io.meshfed.hub.model.Member;
import io.meshfed.hub.model.MeshRegistry;
import io.meshfed.hub.model.MeshSettings;
import io.meshfed.hub.model.ObservedCluster;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Builds the API's view of a mesh from the registry. Pure. */
public final class MeshViews {

  private MeshViews() {}

  public static MeshList all(MeshRegistry registry) {
    return new MeshList(registry.meshes().values().stream().map(m -> of(registry, m)).toList());
  }

  public static Optional<MeshView> one(MeshRegistry registry, String meshId) {
    return registry.mesh(meshId).map(m -> of(registry, m));
  }

  private static MeshView of(MeshRegistry registry, MeshSettings mesh) {
    Optional<MeshState> record = registry.meshRecord(mesh.meshId());
    SortedMap<String, NetworkSpec> networks =
        record.map(MeshState::meshNetworks).orElseGet(TreeMap::new);
    List<ClusterView> clusters =
        registry.membersOf(mesh.meshId()).stream().map(m -> cluster(registry, record, m)).toList();
    return new MeshView(
        mesh.meshId(),
        mesh.istioVersion(),
        record.map(MeshState::revision).orElse(0L),
        Convergence.converged(registry, mesh.meshId()),
        clusters,
        networks);
  }

  private static ClusterView cluster(MeshRegistry registry, Optional<MeshState> record, Member m) {
    Optional<ObservedCluster> observed = registry.observed(m.clusterName());
    Optional<MemberPlan> plan = record.flatMap(r -> r.member(m.clusterName()));
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
        plan.map(MemberPlan::discoveryAddress).orElse(null),
        plan.map(MemberPlan::remoteSecretPeers).orElse(List.of()));
  }
}
