package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the hub planned for one member, carried in the mesh record so that a change to one cluster
 * costs one mesh record rather than one record per member.
 *
 * @param role the member's role
 * @param network the member's network
 * @param controlPlaneCluster for a remote, the primary that serves it
 * @param discoveryAddress for a remote, its primary's east-west address ({@code
 *     remotePilotAddress})
 * @param externalIstiod for a primary, whether it serves remotes
 * @param apiServerUrl the member's API server as its peers reach it (the override, or what the
 *     agent reported)
 * @param remoteSecretPeers the clusters whose remote secret this member must hold
 * @param recipientPublicKey the member's key peers seal credentials to (base64 Tink public keyset),
 *     from its verified status
 * @param sealedCredentials the member's credentials sealed for each recipient, by recipient
 *     cluster, from its verified status: recipient Y reads {@code members[X].sealedCredentials[Y]}
 * @param appliedCredentials the credential id of each peer's credential this member reports applied
 *     in {@code istio-remote-secret-<peer>}, by peer cluster, from its verified status: sender X
 *     revokes an older token once every recipient Y has {@code members[Y].appliedCredentials[X]}
 *     equal to its newest credential id
 */
public record MemberPlan(
    @JsonProperty(required = true) Role role,
    String network,
    String controlPlaneCluster,
    String discoveryAddress,
    boolean externalIstiod,
    String apiServerUrl,
    List<String> remoteSecretPeers,
    String recipientPublicKey,
    SortedMap<String, SealedCredential> sealedCredentials,
    SortedMap<String, String> appliedCredentials) {
  public MemberPlan {
    remoteSecretPeers = remoteSecretPeers == null ? List.of() : List.copyOf(remoteSecretPeers);
    sealedCredentials = sorted(sealedCredentials);
    appliedCredentials = sorted(appliedCredentials);
  }

  /** A plan without the applied credentials of its member (the form before they were added). */
  public MemberPlan(
      Role role,
      String network,
      String controlPlaneCluster,
      String discoveryAddress,
      boolean externalIstiod,
      String apiServerUrl,
      List<String> remoteSecretPeers,
      String recipientPublicKey,
      SortedMap<String, SealedCredential> sealedCredentials) {
    this(
        role,
        network,
        controlPlaneCluster,
        discoveryAddress,
        externalIstiod,
        apiServerUrl,
        remoteSecretPeers,
        recipientPublicKey,
        sealedCredentials,
        null);
  }

  /** A plan without credential routing (the form before it was added). */
  public MemberPlan(
      Role role,
      String network,
      String controlPlaneCluster,
      String discoveryAddress,
      boolean externalIstiod,
      String apiServerUrl,
      List<String> remoteSecretPeers) {
    this(
        role,
        network,
        controlPlaneCluster,
        discoveryAddress,
        externalIstiod,
        apiServerUrl,
        remoteSecretPeers,
        null,
        null,
        null);
  }

  /** This plan with the credential routing of the member's latest verified status. */
  public MemberPlan withCredentials(
      String recipientPublicKey, Map<String, SealedCredential> sealedCredentials) {
    return new MemberPlan(
        role,
        network,
        controlPlaneCluster,
        discoveryAddress,
        externalIstiod,
        apiServerUrl,
        remoteSecretPeers,
        recipientPublicKey,
        sealedCredentials == null ? null : new TreeMap<>(sealedCredentials),
        appliedCredentials);
  }

  /** This plan with the credentials the member reports applied, by peer (its verified status). */
  public MemberPlan withAppliedCredentials(Map<String, String> appliedCredentials) {
    return new MemberPlan(
        role,
        network,
        controlPlaneCluster,
        discoveryAddress,
        externalIstiod,
        apiServerUrl,
        remoteSecretPeers,
        recipientPublicKey,
        sealedCredentials,
        appliedCredentials == null ? null : new TreeMap<>(appliedCredentials));
  }

  private static <V> SortedMap<String, V> sorted(Map<String, V> in) {
    return Collections.unmodifiableSortedMap(in == null ? new TreeMap<>() : new TreeMap<>(in));
  }
}
