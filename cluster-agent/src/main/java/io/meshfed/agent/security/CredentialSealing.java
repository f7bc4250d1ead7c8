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
      String credentialId, String kubeconfigDigest, SortedMap<String, String> recipients) {}

  private final String cluster;
  private Sealed last;
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
    SealedEnvelope sealed =
        SealedEnvelope.seal(
            kubeconfig.getBytes(StandardCharsets.UTF_8),
            cluster,
            SealContext.REMOTE_SECRET,
            token.credentialId(),
            recipientPublicKeys);
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
