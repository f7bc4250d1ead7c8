package io.meshfed.security.seal;

import io.meshfed.security.MaterialRejectedException;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Opens a credential sealed to this cluster. Refuses a ciphertext that was changed in any byte,
 * sealed to another recipient, or sealed under another context (sender, recipient, purpose).
 */
public final class CredentialOpener {

  private CredentialOpener() {}

  /**
   * The credential's plaintext.
   *
   * @param keys this cluster's recipient keys
   * @param ciphertext base64, as {@link CredentialSealer#seal} wrote it
   * @param context the sender, this cluster and the purpose the credential is expected to carry
   * @throws MaterialRejectedException {@code MalformedCiphertext} (not base64, empty) or {@code
   *     CiphertextRefused} (tampered, another recipient's, or another context)
   */
  public static byte[] open(RecipientKeys keys, String ciphertext, SealContext context)
      throws MaterialRejectedException {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(ciphertext == null ? "" : ciphertext.strip());
    } catch (IllegalArgumentException e) {
      throw new MaterialRejectedException(
          "MalformedCiphertext",
          "the credential sealed by " + context.senderCluster() + " is not base64");
    }
    if (raw.length == 0) {
      throw new MaterialRejectedException(
          "MalformedCiphertext",
          "the credential sealed by " + context.senderCluster() + " is empty");
    }
    try {
      return HpkeCipher.open(keys.handle(), raw, context.bytes());
    } catch (GeneralSecurityException e) {
      throw new MaterialRejectedException(
          "CiphertextRefused",
          "the credential sealed by "
              + context.senderCluster()
              + " for "
              + context.recipientCluster()
              + " ("
              + context.purpose()
              + ") does not open with this cluster's key: it was changed, sealed to another"
              + " recipient or under another context");
    }
  }
}
