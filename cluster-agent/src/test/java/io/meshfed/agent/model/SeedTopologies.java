package io.meshfed.agent.model;

import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.NetworkEndpoint;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The inputs of the seeds' topologies, as the hub would send them. */
public final class SeedTopologies {

  public static final String EAST_ADDRESS = "10.64.30.73";
  public static final String WEST_ADDRESS = "10.6.136.29";
  public static final String CLUSTER1_API = "https://api.cluster1.example.com:6443";
  public static final String CLUSTER2_API = "https://api.cluster2.example.com:6443";
  public static final String CLUSTER2_SUBMARINER_API =
      "https://cluster2.kubernetes.default.svc.clusterset.local:443";

  /** The seeds' "infra nodes" patch. */
  public static final GatewayPlacement INFRA_NODES =
      new GatewayPlacement(
          Map.of("node-role.kubernetes.io/infra", ""),
          List.of(
              new Toleration("node-role.kubernetes.io/infra", "Equal", "reserved", "NoSchedule")));

  public static final CniSettings MULTUS_CNI =
      new CniSettings("/etc/cni/multus/net.d", List.of("istio-cni", "kube-system"));

  private SeedTopologies() {}

  /** One topology: the desired record of the cluster seen and the mesh record. */
  public record Case(DesiredMembership desired, Optional<MeshState> mesh) {}

  /** Multi-primary, multi-network (Sail operator), from cluster1. */
  public static Case multiPrimaryMultiNetwork() {
    DesiredMembership desired =
        desired("cluster1", Role.PRIMARY, "network1", null, "v1.28.1", MULTUS_CNI, INFRA_NODES);
    Map<String, NetworkSpec> networks = new TreeMap<>();
    networks.put("network1", network(List.of("cluster1"), EAST_ADDRESS));
    networks.put("network2", network(List.of("cluster2"), WEST_ADDRESS));
    Map<String, MemberPlan> members = new TreeMap<>();
    members.put(
        "cluster1",
        new MemberPlan(
            Role.PRIMARY, "network1", null, null, false, CLUSTER1_API, List.of("cluster2")));
    members.put(
        "cluster2",
        new MemberPlan(
            Role.PRIMARY, "network2", null, null, false, CLUSTER2_API, List.of("cluster1")));
    return new Case(desired, Optional.of(mesh(networks, members)));
  }

  /** Multi-primary on one network, from cluster1. */
  public static Case multiPrimaryOneNetwork() {
    DesiredMembership desired =
        desired("cluster1", Role.PRIMARY, "network1", null, "v1.28.1", MULTUS_CNI, null);
    Map<String, NetworkSpec> networks = new TreeMap<>();
    networks.put("network1", network(List.of("cluster1", "cluster2"), null));
    Map<String, MemberPlan> members = new TreeMap<>();
    members.put(
        "cluster1",
        new MemberPlan(
            Role.PRIMARY, "network1", null, null, false, CLUSTER1_API, List.of("cluster2")));
    members.put(
        "cluster2",
        new MemberPlan(
            Role.PRIMARY, "network1", null, null, false, CLUSTER2_API, List.of("cluster1")));
    return new Case(desired, Optional.of(mesh(networks, members)));
  }

  /** Primary-remote, multi-network (Sail operator), from the primary cluster1. */
  public static Case primaryOfRemotes() {
    DesiredMembership desired =
        desired("cluster1", Role.PRIMARY, "network1", null, "v1.28.6", MULTUS_CNI, null);
    return new Case(desired, Optional.of(primaryRemoteMesh()));
  }

  /** Primary-remote, multi-network (Sail operator), from the remote cluster2. */
  public static Case remoteMultiNetwork() {
    DesiredMembership desired =
        desired(
            "cluster2", Role.REMOTE, "network2", "cluster1", "v1.28.6", MULTUS_CNI, INFRA_NODES);
    return new Case(desired, Optional.of(primaryRemoteMesh()));
  }

  /**
   * Multi-primary on one flat network (Submariner), from cluster1: API servers reached through it.
   */
  public static Case flatSubmariner() {
    CniSettings cni =
        new CniSettings("/etc/cni/multus/net.d", List.of("istio-system", "kube-system"));
    DesiredMembership desired =
        desired("cluster1", Role.PRIMARY, "network1", null, "1.28.1", cni, null);
    Map<String, NetworkSpec> networks = new TreeMap<>();
    networks.put("network1", network(List.of("cluster1", "cluster2"), null));
    Map<String, MemberPlan> members = new TreeMap<>();
    members.put(
        "cluster1",
        new MemberPlan(
            Role.PRIMARY, "network1", null, null, false, CLUSTER1_API, List.of("cluster2")));
    members.put(
        "cluster2",
        new MemberPlan(
            Role.PRIMARY,
            "network1",
            null,
            null,
            false,
            CLUSTER2_SUBMARINER_API,
            List.of("cluster1")));
    return new Case(desired, Optional.of(mesh(networks, members)));
  }

  public static MeshState primaryRemoteMesh() {
    Map<String, NetworkSpec> networks = new TreeMap<>();
    networks.put("network1", network(List.of("cluster1"), EAST_ADDRESS));
    networks.put("network2", network(List.of("cluster2"), WEST_ADDRESS));
    Map<String, MemberPlan> members = new TreeMap<>();
    members.put(
        "cluster1",
        new MemberPlan(
            Role.PRIMARY, "network1", null, null, true, CLUSTER1_API, List.of("cluster2")));
    members.put(
        "cluster2",
        new MemberPlan(
            Role.REMOTE, "network2", "cluster1", EAST_ADDRESS, false, CLUSTER2_API, List.of()));
    return mesh(networks, members);
  }

  public static DesiredMembership desired(
      String cluster,
      Role role,
      String network,
      String controlPlane,
      String version,
      CniSettings cni,
      GatewayPlacement placement) {
    return new DesiredMembership(
        "mesh1", cluster, role, network, controlPlane, version, cni, placement, null, 1, 1);
  }

  /** The same desired record with another generation. */
  public static DesiredMembership withGeneration(DesiredMembership d, long generation) {
    return new DesiredMembership(
        d.meshId(),
        d.clusterName(),
        d.role(),
        d.network(),
        d.controlPlaneCluster(),
        d.istioVersion(),
        d.cni(),
        d.gatewayPlacement(),
        d.apiServerUrl(),
        generation,
        d.epoch());
  }

  public static NetworkSpec network(List<String> clusters, String gatewayAddress) {
    return new NetworkSpec(
        clusters.stream().map(NetworkEndpoint::new).toList(),
        gatewayAddress == null
            ? List.of()
            : List.of(new NetworkGateway(gatewayAddress, IstioNames.CROSS_NETWORK_PORT)));
  }

  public static MeshState mesh(Map<String, NetworkSpec> networks, Map<String, MemberPlan> members) {
    return new MeshState("mesh1", 7, "v1.28.1", new TreeMap<>(networks), new TreeMap<>(members));
  }
}
