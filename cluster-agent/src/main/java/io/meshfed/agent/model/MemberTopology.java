package io.meshfed.agent.model;

import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one member cluster is in its mesh, derived from its desired membership and, once it has
 * arrived, the mesh record. The planning rules of the design live here and nowhere else.
 *
 * @param mesh the mesh record, absent until it arrived
 * @param plan the hub's plan for this member, absent until the mesh record lists it
 */
public record MemberTopology(
    DesiredMembership desired, Optional<MeshState> mesh, Optional<MemberPlan> plan) {

  /**
   * Validates the desired membership against the mesh record.
   *
   * @throws UnactionableDesiredException when the agent cannot act on it
   */
  public static MemberTopology of(DesiredMembership desired, Optional<MeshState> mesh)
      throws UnactionableDesiredException {
    Optional<MeshState> ownMesh = mesh.filter(m -> m.meshId().equals(desired.meshId()));
    Optional<MemberPlan> plan = ownMesh.flatMap(m -> m.member(desired.clusterName()));
    MemberTopology topology = new MemberTopology(desired, ownMesh, plan);
    topology.validate();
    return topology;
  }

  private void validate() throws UnactionableDesiredException {
    Role role = desired.role();
    if (role != Role.PRIMARY && role != Role.REMOTE) {
      throw new UnactionableDesiredException(
          "UnknownRole",
          "role '" + role + "' of cluster " + clusterName() + " is not known to this agent");
    }
    if (blank(desired.istioVersion())) {
      throw new UnactionableDesiredException(
          "MissingIstioVersion", "istioVersion of cluster " + clusterName() + " is empty");
    }
    if (multiNetwork() && network().isEmpty()) {
      throw new UnactionableDesiredException(
          "MissingNetwork",
          "mesh "
              + meshId()
              + " spans several networks but cluster "
              + clusterName()
              + " has no network");
    }
    if (role == Role.REMOTE && controlPlaneCluster().isEmpty()) {
      throw new UnactionableDesiredException(
          "MissingControlPlaneCluster",
          "remote cluster " + clusterName() + " has no controlPlaneCluster");
    }
  }

  public String meshId() {
    return desired.meshId();
  }

  public String clusterName() {
    return desired.clusterName();
  }

  public boolean primary() {
    return desired.role() == Role.PRIMARY;
  }

  /** The member's network: the desired one, else the hub's plan. */
  public Optional<String> network() {
    if (!blank(desired.network())) {
      return Optional.of(desired.network());
    }
    return plan.map(MemberPlan::network).filter(n -> !blank(n));
  }

  public Optional<String> controlPlaneCluster() {
    if (!blank(desired.controlPlaneCluster())) {
      return Optional.of(desired.controlPlaneCluster());
    }
    return plan.map(MemberPlan::controlPlaneCluster).filter(n -> !blank(n));
  }

  /** The Sail {@code spec.version}: the desired Istio version, with a leading {@code v}. */
  public String istioVersion() {
    String v = desired.istioVersion().trim();
    return Character.isDigit(v.charAt(0)) ? "v" + v : v;
  }

  public CniSettings cni() {
    return desired.cni() == null ? new CniSettings(null, List.of()) : desired.cni();
  }

  public GatewayPlacement gatewayPlacement() {
    return desired.gatewayPlacement() == null
        ? GatewayPlacement.none()
        : desired.gatewayPlacement();
  }

  /**
   * The name peers verify this cluster's API server certificate for ({@code tls-server-name} of the
   * kubeconfig it shares), when its join or update named one: the host of the URL they use is not
   * in the certificate.
   */
  public Optional<String> apiServerTlsServerName() {
    return Optional.ofNullable(desired.apiServerTlsServerName()).filter(n -> !blank(n));
  }

  /** Whether the mesh record and this member's plan are known, so the desired state is whole. */
  public boolean complete() {
    return plan.isPresent();
  }

  /** More than one network in the mesh: traffic crosses east-west gateways. */
  public boolean multiNetwork() {
    return mesh.map(MeshState::multiNetwork).orElse(false);
  }

  /** A primary that serves at least one remote. */
  public boolean externalIstiod() {
    return primary() && plan.map(MemberPlan::externalIstiod).orElse(false);
  }

  public boolean eastWestGateway() {
    return multiNetwork() || externalIstiod();
  }

  public boolean crossNetworkGateway() {
    return multiNetwork() && primary();
  }

  public boolean exposeIstiod() {
    return externalIstiod();
  }

  /** Whether Istio's {@code values.global.meshNetworks} is set. */
  public boolean meshNetworksInValues() {
    return multiNetwork() && primary();
  }

  /**
   * Where istiod is reached from the remotes: for a remote, its primary's east-west address ({@code
   * remotePilotAddress}); for a primary that serves remotes, its own east-west address as its
   * remotes are given it.
   */
  public Optional<String> discoveryAddress() {
    return plan.map(MemberPlan::discoveryAddress).filter(a -> !blank(a));
  }

  /**
   * Whether the discovery address is a DNS name (a cloud load balancer's hostname) rather than an
   * IPv4 address. Istio's remote chart renders an {@code ExternalName} istiod Service for a name,
   * which loses the webhook's 443 to 15017 port mapping (istio#45014), so injection goes to the
   * name's port 15017 directly ({@code istiodRemote.injectionURL}) and istiod's certificate must
   * carry the name ({@code ISTIOD_CUSTOM_HOST}).
   */
  public boolean discoveryAddressIsHostname() {
    return discoveryAddress().map(a -> !IPV4.matcher(a).matches()).orElse(false);
  }

  /**
   * The injection path istiod serves this remote's pods at ({@code /inject/cluster/<c>/net/<n>}).
   */
  public String injectionPath() {
    return "/inject/cluster/" + clusterName() + network().map(n -> "/net/" + n).orElse("");
  }

  /** The clusters whose remote secret this member holds; none for a remote. */
  public List<String> remoteSecretPeers() {
    if (!primary()) {
      return List.of();
    }
    return plan.map(MemberPlan::remoteSecretPeers).orElse(List.of());
  }

  /** The plan of another member of the mesh. */
  public Optional<MemberPlan> peerPlan(String peer) {
    return mesh.flatMap(m -> m.member(peer));
  }

  /** The labels every object created for this member carries. */
  public Map<String, String> ownedLabels() {
    return MeshfedLabels.owned(meshId(), clusterName());
  }

  /** The form of an IPv4 address in Istio's remote chart ({@code remote-istiod-service.yaml}). */
  private static final java.util.regex.Pattern IPV4 =
      java.util.regex.Pattern.compile("^([0-9]*\\.){3}[0-9]*$");

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
