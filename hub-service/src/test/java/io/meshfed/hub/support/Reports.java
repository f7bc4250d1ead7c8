package io.meshfed.hub.support;

import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CredentialEnvelope;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Status reports as an agent sends them once it shares a credential and applies its peers'. */
public final class Reports {

  private Reports() {}

  /**
   * The report with the cluster's shared credential (an envelope with a wrapped key per recipient;
   * the hub reads neither) and, for a primary, what it applied of its peers' credentials.
   *
   * @param credentialId the id of the credential the cluster shares; null: it shares none (a mesh's
   *     only primary has nobody to share with)
   * @param recipients the primaries it seals it for
   * @param applied peer → the credential id it applied, as the digest and count report it; null for
   *     a remote
   */
  public static ClusterStatus sharing(
      ClusterStatus s,
      String credentialId,
      Collection<String> recipients,
      Map<String, String> applied) {
    TreeMap<String, String> wrapped = new TreeMap<>();
    recipients.forEach(r -> wrapped.put(r, "d3JhcHBlZC1mb3It" + r));
    CredentialEnvelope envelope =
        credentialId == null
            ? null
            : new CredentialEnvelope(
                "remote-secret", credentialId, null, "Y2lwaGVydGV4dA==", wrapped);
    return StatusEdit.of(s)
        .shared(envelope, credentialId)
        .applied(
            applied == null ? null : AppliedCredentials.digest(applied),
            applied == null ? null : applied.size())
        .build();
  }
}
