package io.meshfed.agent.security;

import io.meshfed.events.model.SealedCredential;
import io.meshfed.security.seal.CredentialSealer;
import io.meshfed.security.seal.SealContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Seals this cluster's reader kubeconfig for each recipient, once per recipient key, credential and
 * kubeconfig: sealing is randomized, so sealing again on every reconcile would change the status
 * each time. What was sealed is kept in memory only; after a restart each credential is sealed once
 * more (same credential id, new ciphertext).
 */
public final class CredentialSealing {

  private record Sealed(
      String recipient, String recipientKey, String credentialId, String kubeconfigDigest) {}

  private final String cluster;
  private final Map<Sealed, SealedCredential> sealed = new HashMap<>();
  private final Set<Sealed> usedThisRound = new HashSet<>();

  public CredentialSealing(String cluster) {
    this.cluster = cluster;
  }

  /**
   * The kubeconfig sealed for one recipient under {@code SealContext.remoteSecret(this cluster,
   * recipient)}.
   *
   * @throws IllegalArgumentException if the recipient's public key cannot be used
   */
  public synchronized SealedCredential seal(
      String recipient, String recipientPublicKey, String kubeconfig, ReaderToken token) {
    Sealed key =
        new Sealed(recipient, recipientPublicKey, token.credentialId(), digest(kubeconfig));
    usedThisRound.add(key);
    return sealed.computeIfAbsent(
        key,
        k ->
            new SealedCredential(
                SealedCredential.REMOTE_SECRET,
                token.credentialId(),
                CredentialSealer.seal(
                    recipientPublicKey,
                    kubeconfig.getBytes(StandardCharsets.UTF_8),
                    SealContext.remoteSecret(cluster, recipient)),
                token.expiresAt()));
  }

  /** Forgets what was not sealed since the last call: old credentials, recipients that left. */
  public synchronized void endRound() {
    sealed.keySet().retainAll(usedThisRound);
    usedThisRound.clear();
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
