package io.meshfed.agent.model;

import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.NetworkEndpoint;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
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

  /**
   * One topology: the desired record of the cluster seen, the record of its mesh and the credential
   * records of the mesh's members (each with the API server URL the hub plans, no credential yet).
   */
  public record Case(
      DesiredMembership desired,
      Optional<MeshRecord> mesh,
      Map<String, SharedCredential> credentials) {

    public Case {
      credentials = Map.copyOf(credentials);
    }

    /** The same topology with another mesh record. */
    public Case withMesh(Optional<MeshRecord> other) {
      return new Case(desired, other, credentials);
    }

    /** The same topology with another desired record. */
    public Case withDesired(DesiredMembership other) {
      return new Case(other, mesh, credentials);
    }
  }

  /** Multi-primary, multi-network (Sail operator), from cluster1. */
  public static Case multiPrimaryMultiNetwork() {
    DesiredMembership desired =
        primary("cluster1", "network1", "v1.28.1", MULTUS_CNI, INFRA_NODES, false);
    Map<String, NetworkSpec> networks = new TreeMap<>();
    networks.put("network1", network(List.of("cluster1"), EAST_ADDRESS));
    networks.put("network2", network(List.of("cluster2"), WEST_ADDRESS));
    return new Case(
        desired,
        Optional.of(mesh(networks, primaries("cluster1", null, "cluster2", null))),
        apiServers("cluster1", CLUSTER1_API, "cluster2", CLUSTER2_API));
  }

  /** Multi-primary on one network, from cluster1. */
  public static Case multiPrimaryOneNetwork() {
    DesiredMembership desired = primary("cluster1", "network1", "v1.28.1", MULTUS_CNI, null, false);
    Map<String, NetworkSpec> networks = new TreeMap<>();
    networks.put("network1", network(List.of("cluster1", "cluster2"), null));
    return new Case(
        desired,
        Optional.of(mesh(networks, primaries("cluster1", null, "cluster2", null))),
        apiServers("cluster1", CLUSTER1_API, "cluster2", CLUSTER2_API));
  }

  /** Primary-remote, multi-network (Sail operator), from the primary cluster1. */
  public static Case primaryOfRemotes() {
    DesiredMembership desired = primary("cluster1", "network1", "v1.28.6", MULTUS_CNI, null, true);
    return new Case(desired, Optional.of(primaryRemoteMesh()), primaryRemoteApiServers());
  }

  /** Primary-remote, multi-network (Sail operator), from the remote cluster2. */
  public static Case remoteMultiNetwork() {
    DesiredMembership desired =
        desired(
            "cluster2", Role.REMOTE, "network2", "cluster1", "v1.28.6", MULTUS_CNI, INFRA_NODES);
    return new Case(desired, Optional.of(primaryRemoteMesh()), primaryRemoteApiServers());
  }

  /**
   * Multi-primary on one flat network (Submariner), from cluster1: API servers reached through it.
   */
  public static Case flatSubmariner() {
    CniSettings cni =
        new CniSettings("/etc/cni/multus/net.d", List.of("istio-system", "kube-system"));
    DesiredMembership desired = primary("cluster1", "network1", "1.28.1", cni, null, false);
    Map<String, NetworkSpec> networks = new TreeMap<>();
    networks.put("network1", network(List.of("cluster1", "cluster2"), null));
    return new Case(
        desired,
        Optional.of(mesh(networks, primaries("cluster1", null, "cluster2", null))),
        apiServers("cluster1", CLUSTER1_API, "cluster2", CLUSTER2_SUBMARINER_API));
  }

  /** The primary cluster1 on network1 serving the remote cluster2 on network2. */
  public static MeshRecord primaryRemoteMesh() {
    Map<String, NetworkSpec> networks = new TreeMap<>();
    networks.put("network1", network(List.of("cluster1"), EAST_ADDRESS));
    networks.put("network2", network(List.of("cluster2"), WEST_ADDRESS));
    return mesh(networks, Map.of("cluster1", new MeshPrimary(EAST_ADDRESS, null)));
  }

  private static Map<String, SharedCredential> primaryRemoteApiServers() {
    return apiServers("cluster1", CLUSTER1_API, "cluster2", CLUSTER2_API);
  }

  /** A desired record without the member's plan fields (a remote's plan is empty anyway). */
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

  /** A primary's desired record with its plan. */
  public static DesiredMembership primary(
      String cluster,
      String network,
      String version,
      CniSettings cni,
      GatewayPlacement placement,
      boolean externalIstiod) {
    return withPlan(
        desired(cluster, Role.PRIMARY, network, null, version, cni, placement), externalIstiod);
  }

  /**
   * The same desired record with the member's plan: whether it serves remotes (its peers are the
   * senders of the credential records of its mesh).
   */
  public static DesiredMembership withPlan(DesiredMembership d, Boolean externalIstiod) {
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
        d.generation(),
        d.epoch(),
        d.signingPublicKey(),
        d.intermediateCertificate(),
        d.rootCertificate(),
        d.apiServerTlsServerName(),
        externalIstiod);
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
        d.epoch(),
        d.signingPublicKey(),
        d.intermediateCertificate(),
        d.rootCertificate(),
        d.apiServerTlsServerName(),
        d.externalIstiod());
  }

  /** Primaries by name, each with its discovery address (and no recipient key). */
  public static Map<String, MeshPrimary> primaries(
      String first, String firstAddress, String second, String secondAddress) {
    Map<String, MeshPrimary> primaries = new TreeMap<>();
    primaries.put(first, new MeshPrimary(firstAddress, null));
    primaries.put(second, new MeshPrimary(secondAddress, null));
    return primaries;
  }

  /** The credential records of two members: their API server URLs, no credential yet. */
  public static Map<String, SharedCredential> apiServers(
      String first, String firstUrl, String second, String secondUrl) {
    Map<String, SharedCredential> records = new TreeMap<>();
    records.put(first, apiServer(first, firstUrl));
    records.put(second, apiServer(second, secondUrl));
    return records;
  }

  /** A member's credential record before it shared a credential. */
  public static SharedCredential apiServer(String sender, String url) {
    return new SharedCredential("mesh1", sender, 1, url, null, null);
  }

  public static NetworkSpec network(List<String> clusters, String gatewayAddress) {
    return new NetworkSpec(
        clusters.stream().map(NetworkEndpoint::new).toList(),
        gatewayAddress == null
            ? List.of()
            : List.of(new NetworkGateway(gatewayAddress, IstioNames.CROSS_NETWORK_PORT)));
  }

  public static MeshRecord mesh(
      Map<String, NetworkSpec> networks, Map<String, MeshPrimary> primaries) {
    return new MeshRecord(
        "mesh1", 7, "v1.28.1", new TreeMap<>(networks), new TreeMap<>(primaries), null, null, null);
  }
}
