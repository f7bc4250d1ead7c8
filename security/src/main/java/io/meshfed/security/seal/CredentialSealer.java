package io.meshfed.security.seal;

import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Seals a credential to one recipient: only the holder of the recipient's private keyset can open
 * it, and only under the same {@link SealContext}. The hub that routes the ciphertext cannot read
 * it.
 */
public final class CredentialSealer {

  private CredentialSealer() {}

  /**
   * The sealed credential, base64.
   *
   * @param recipientPublicKeyset the recipient's published keyset ({@link
   *     RecipientKeys#publicKeyset()})
   * @param plaintext the credential, e.g. a kubeconfig
   * @param context sender, recipient and purpose the ciphertext is bound to
   * @throws IllegalArgumentException if the public keyset cannot be used
   */
  public static String seal(String recipientPublicKeyset, byte[] plaintext, SealContext context) {
    if (plaintext == null) {
      throw new IllegalArgumentException("plaintext is required");
    }
    try {
      byte[] ciphertext =
          HpkeCipher.seal(
              RecipientKeys.parsePublicKeyset(recipientPublicKeyset), plaintext, context.bytes());
      return Base64.getEncoder().encodeToString(ciphertext);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot seal for " + context.recipientCluster() + ": " + e.getMessage(), e);
    }
  }
}
