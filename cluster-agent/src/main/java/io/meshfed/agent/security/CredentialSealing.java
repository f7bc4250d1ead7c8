package io.meshfed.agent.security;

import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.seal.SealedEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Seals this cluster's reader kubeconfig once for all its recipients ({@link SealedEnvelope}), once
 * per credential, kubeconfig and recipient set (each recipient with its key): sealing is
 * randomized, so sealing again on every reconcile would change the status each time. The last
 * envelope is kept in memory only; after a restart the credential is sealed once more (same
 * credential id, new ciphertext).
 */
public final class CredentialSealing {

  private record Sealed(
      String credentialId, String kubeconfigDigest, SortedMap<String, String> recipients) {

    boolean sameCredential(Sealed other) {
      return other != null
          && credentialId.equals(other.credentialId)
          && kubeconfigDigest.equals(other.kubeconfigDigest);
    }
  }

  private final String cluster;
  private Sealed last;
  private SealedEnvelope.Sealer sealer;
  private CredentialEnvelope envelope;

  public CredentialSealing(String cluster) {
    this.cluster = cluster;
  }

  /**
   * The kubeconfig sealed for the recipients, bound to this cluster as sender and to the purpose
   * {@code remote-secret}.
   *
   * @param recipientPublicKeys the public keyset of each recipient, by recipient cluster
   * @throws IllegalArgumentException naming a recipient whose public key cannot be used
   */
  public synchronized CredentialEnvelope seal(
      Map<String, String> recipientPublicKeys, String kubeconfig, ReaderToken token) {
    Sealed key =
        new Sealed(token.credentialId(), digest(kubeconfig), new TreeMap<>(recipientPublicKeys));
    if (key.equals(last)) {
      return envelope;
    }
    if (!key.sameCredential(last)) {
      // a new credential (or kubeconfig): a new body and data key; otherwise only the recipients
      // changed and only new ones get the data key wrapped (primaries joining one by one)
      sealer =
          new SealedEnvelope.Sealer(
              kubeconfig.getBytes(StandardCharsets.UTF_8),
              cluster,
              SealContext.REMOTE_SECRET,
              token.credentialId());
    }
    SealedEnvelope sealed = sealer.sealFor(recipientPublicKeys);
    envelope =
        new CredentialEnvelope(
            SealContext.REMOTE_SECRET,
            token.credentialId(),
            token.expiresAt(),
            sealed.ciphertext(),
            sealed.wrappedKeys());
    last = key;
    return envelope;
  }

  /** Forgets the envelope: nothing is shared any more (no recipient, no usable token). */
  public synchronized void forget() {
    last = null;
    sealer = null;
    envelope = null;
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
