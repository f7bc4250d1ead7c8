package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

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
 */
public record MemberPlan(
    @JsonProperty(required = true) Role role,
    String network,
    String controlPlaneCluster,
    String discoveryAddress,
    boolean externalIstiod,
    String apiServerUrl,
    List<String> remoteSecretPeers) {
  public MemberPlan {
    remoteSecretPeers = remoteSecretPeers == null ? List.of() : List.copyOf(remoteSecretPeers);
  }
}
