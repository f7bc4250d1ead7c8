package io.meshfed.agent.model;

import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one member cluster is in its mesh, derived from its desired membership (role, network,
 * control plane, and the member's own plan: {@code externalIstiod}) and, once it has arrived, the
 * record of its mesh on {@code meshfed.meshes.v2} ({@code meshNetworks}, the primaries' discovery
 * addresses and recipient keys). A primary's peers are not in either: they are the senders of the
 * credential records of its mesh ({@link #remoteSecretPeers(Map)}). The planning rules of the
 * design live here and nowhere else; {@link MeshDigest} names what of the mesh record they read.
 *
 * @param mesh the mesh record, absent until it arrived
 */
public record MemberTopology(DesiredMembership desired, Optional<MeshRecord> mesh) {

  /**
   * Validates the desired membership against the mesh record.
   *
   * @throws UnactionableDesiredException when the agent cannot act on it
   */
  public static MemberTopology of(DesiredMembership desired, Optional<MeshRecord> mesh)
      throws UnactionableDesiredException {
    MemberTopology topology =
        new MemberTopology(desired, mesh.filter(m -> m.meshId().equals(desired.meshId())));
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

  /** The member's network, as its desired record names it. */
  public Optional<String> network() {
    return Optional.ofNullable(desired.network()).filter(n -> !blank(n));
  }

  /** For a remote, the primary that serves it, as its desired record names it. */
  public Optional<String> controlPlaneCluster() {
    return Optional.ofNullable(desired.controlPlaneCluster()).filter(n -> !blank(n));
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

  /**
   * The API server URL of this cluster as its join (or update) overrode it, if it did: what peers
   * must find in the credential it shares; otherwise the URL its agent reports.
   */
  public Optional<String> apiServerUrlOverride() {
    return Optional.ofNullable(desired.apiServerUrl()).filter(u -> !blank(u));
  }

  /**
   * Whether the desired record carries the member's plan: a primary's record written before {@code
   * externalIstiod} was added has it absent, and cannot say whether the primary serves remotes. A
   * remote's plan is empty, so its record always does.
   */
  public boolean planReceived() {
    return !primary() || desired.externalIstiod() != null;
  }

  /** Whether the mesh record and this member's plan are known, so the desired state is whole. */
  public boolean complete() {
    return mesh.isPresent() && planReceived();
  }

  /** More than one network in the mesh: traffic crosses east-west gateways. */
  public boolean multiNetwork() {
    return mesh.map(MeshRecord::multiNetwork).orElse(false);
  }

  /** A primary that serves at least one remote, as its desired record says. */
  public boolean externalIstiod() {
    return primary() && Boolean.TRUE.equals(desired.externalIstiod());
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
   * primaries[controlPlaneCluster].discoveryAddress}, its {@code remotePilotAddress}); for a
   * primary, its own ({@code primaries[self].discoveryAddress}), as its remotes are given it.
   */
  public Optional<String> discoveryAddress() {
    Optional<String> server = primary() ? Optional.of(clusterName()) : controlPlaneCluster();
    return server
        .flatMap(s -> mesh.flatMap(m -> m.primary(s)))
        .map(MeshPrimary::discoveryAddress)
        .filter(a -> !blank(a));
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

  /**
   * The clusters whose remote secret this member holds: for a primary, every sender of a credential
   * record of its mesh on {@code meshfed.credentials.v1} but itself (the hub writes one for every
   * member once the mesh has a primary other than that member, and a tombstone when it leaves), so
   * that a member joining or leaving rewrites no other member's desired record; none for a remote.
   * A member that has no record yet is not known to the primary, and is not waited for.
   *
   * @param credentials the credential records held, by sender; records of other meshes are not this
   *     member's
   */
  public List<String> remoteSecretPeers(Map<String, SharedCredential> credentials) {
    if (!primary()) {
      return List.of();
    }
    return credentials.values().stream()
        .filter(c -> c.meshId().equals(meshId()) && !c.sender().equals(clusterName()))
        .map(SharedCredential::sender)
        .sorted()
        .toList();
  }

  /**
   * Who this cluster shares its credential with: every primary of the mesh but itself (each holds
   * the remote secret of every other member), with the recipient key it published, null until it
   * did.
   */
  public SortedMap<String, String> credentialRecipients() {
    SortedMap<String, String> recipients = new TreeMap<>();
    mesh.ifPresent(
        m ->
            m.primaries()
                .forEach(
                    (name, primary) -> {
                      if (!name.equals(clusterName())) {
                        recipients.put(name, primary.recipientPublicKey());
                      }
                    }));
    return recipients;
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
