package io.meshfed.hub.intake;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.security.sign.RecordVerifier;
import io.meshfed.security.sign.SigningKeys;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Decides whether a status record speaks for the cluster it claims: its signature ({@code
 * ce_meshfedsignature}) over the record key and value must verify with the key registered for the
 * cluster named by the record key. Where no key is registered and the mesh pins keys at first
 * contact, the key the status carries is verified and proposed for pinning. Pure.
 */
public final class StatusSignatures {

  /** The outcome of the check. */
  public sealed interface Verdict {}

  /**
   * The record may be taken in.
   *
   * @param pinKey the key to register for the cluster (pinned at first contact), or null
   */
  public record Verified(String pinKey) implements Verdict {}

  /**
   * The record is refused: it changes nothing.
   *
   * @param reason machine-readable, e.g. {@code SignatureInvalid}; a metric tag
   * @param message what is wrong, for an operator
   */
  public record Refused(String reason, String message) implements Verdict {}

  public static final String SIGNATURE_MISSING = "SignatureMissing";
  public static final String SIGNATURE_INVALID = "SignatureInvalid";
  public static final String NO_REGISTERED_KEY = "NoRegisteredKey";
  public static final String SIGNING_KEY_INVALID = "SigningKeyInvalid";

  /** A verified status that reports a gateway address outside its member's declared pool. */
  public static final String OUTSIDE_POOL = "GatewayAddressOutsidePool";

  private StatusSignatures() {}

  /**
   * @param member the member the record's key names
   * @param mesh the member's mesh
   * @param recordKey the record key as received
   * @param value the record value exactly as received
   * @param signature the {@code ce_meshfedsignature} header, or null
   * @param keyId the {@code ce_meshfedkeyid} header, or null (named in messages only)
   * @param status the decoded value
   * @param requireRegisteredKey whether a cluster without a registered key is refused where the
   *     mesh does not pin keys; when false such a status is taken in unverified
   */
  public static Verdict check(
      Member member,
      MeshSettings mesh,
      String recordKey,
      byte[] value,
      String signature,
      String keyId,
      ClusterStatus status,
      boolean requireRegisteredKey) {
    String cluster = member.clusterName();
    if (member.trust().hasSigningKey()) {
      return verify(
              member.trust().signingPublicKey(),
              "registered",
              cluster,
              recordKey,
              value,
              signature,
              keyId)
          .<Verdict>map(r -> r)
          .orElse(new Verified(null));
    }
    if (mesh.pinSigningKeysAtFirstContact()) {
      String offered = status.signingPublicKey();
      if (offered == null || offered.isBlank()) {
        return new Refused(
            SIGNING_KEY_INVALID,
            "cluster "
                + cluster
                + " has no registered signing key and its status carries none to pin: the agent"
                + " must report signingPublicKey");
      }
      Optional<Refused> refused =
          verify(offered.strip(), "offered", cluster, recordKey, value, signature, keyId);
      return refused.isPresent() ? refused.get() : new Verified(offered.strip());
    }
    if (!requireRegisteredKey) {
      return new Verified(null);
    }
    return new Refused(
        NO_REGISTERED_KEY,
        "cluster "
            + cluster
            + " has no registered signing key and mesh "
            + mesh.meshId()
            + " does not pin keys at first contact: register the agent's key with"
            + " signingPublicKey in a join or update of the cluster");
  }

  private static Optional<Refused> verify(
      String encodedKey,
      String which,
      String cluster,
      String recordKey,
      byte[] value,
      String signature,
      String keyId) {
    PublicKey key;
    try {
      key = SigningKeys.decodePublicKey(encodedKey);
    } catch (IllegalArgumentException e) {
      return Optional.of(
          new Refused(
              SIGNING_KEY_INVALID,
              "the "
                  + which
                  + " signing key of cluster "
                  + cluster
                  + " is unusable: "
                  + e.getMessage()));
    }
    if (signature == null || signature.isBlank()) {
      return Optional.of(
          new Refused(
              SIGNATURE_MISSING,
              "the status of cluster "
                  + cluster
                  + " carries no ce_meshfedsignature; it must be signed with the "
                  + which
                  + " key "
                  + SigningKeys.fingerprint(key)));
    }
    if (!RecordVerifier.verify(key, recordKey, value, signature)) {
      return Optional.of(
          new Refused(
              SIGNATURE_INVALID,
              "the signature of the status for cluster "
                  + cluster
                  + " does not verify with its "
                  + which
                  + " key "
                  + SigningKeys.fingerprint(key)
                  + (keyId == null ? "" : " (the record names key " + keyId + ")")));
    }
    return Optional.empty();
  }

  /**
   * Why a verified status may not be taken in although it speaks for its cluster: it reports an
   * east-west gateway address outside the pool declared at the cluster's join, which would put an
   * address that is not the cluster's into its peers' {@code meshNetworks}. Empty when the member
   * declared no pool or every address is in it.
   */
  public static java.util.Optional<String> outsidePool(Member member, ClusterStatus status) {
    return io.meshfed.events.model.GatewayAddressPool.firstOutside(
            member.gatewayAddressPool(), status.eastWestAddresses())
        .map(
            a ->
                "cluster "
                    + status.clusterName()
                    + " reports east-west gateway address "
                    + (a.ip() != null ? a.ip() : a.hostname())
                    + ", outside the pool declared at its join "
                    + member.gatewayAddressPool());
  }
}
