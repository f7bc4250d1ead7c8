package io.meshfed.hub.support;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.GatewayAddress;
import java.util.List;

/**
 * A copy of a status report with some of its fields changed, as an agent's next report would be.
 */
public final class StatusEdit {

  private final ClusterStatus s;
  private long generation;
  private long meshRevision;
  private List<GatewayAddress> addresses;
  private CredentialEnvelope shared;
  private String sharedId;
  private String digest;
  private Integer count;

  private StatusEdit(ClusterStatus s) {
    this.s = s;
    generation = s.observedGeneration();
    meshRevision = s.observedMeshRevision();
    addresses = s.eastWestAddresses();
    shared = s.sharedCredential();
    sharedId = s.sharedCredentialId();
    digest = s.appliedCredentialsDigest();
    count = s.appliedCredentialsCount();
  }

  public static StatusEdit of(ClusterStatus s) {
    return new StatusEdit(s);
  }

  public StatusEdit observed(long generation, long meshRevision) {
    this.generation = generation;
    this.meshRevision = meshRevision;
    return this;
  }

  public StatusEdit addresses(List<GatewayAddress> addresses) {
    this.addresses = addresses;
    return this;
  }

  /** The shared credential: the envelope (null once the hub's record carries it) and its id. */
  public StatusEdit shared(CredentialEnvelope envelope, String credentialId) {
    this.shared = envelope;
    this.sharedId = credentialId;
    return this;
  }

  /** What a primary reports applied of its peers' credentials. */
  public StatusEdit applied(String digest, Integer count) {
    this.digest = digest;
    this.count = count;
    return this;
  }

  public ClusterStatus build() {
    return new ClusterStatus(
        s.meshId(),
        s.clusterName(),
        s.phase(),
        s.conditions(),
        generation,
        meshRevision,
        addresses,
        s.agentVersion(),
        s.localities(),
        s.apiServerUrl(),
        s.reportedAt(),
        s.intermediateCsr(),
        s.intermediateNotAfter(),
        s.signingPublicKey(),
        s.recipientPublicKey(),
        s.sealedCredentials(),
        s.appliedCredentials(),
        shared,
        sharedId,
        digest,
        count);
  }
}
