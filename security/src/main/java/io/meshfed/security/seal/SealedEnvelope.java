package io.meshfed.security.seal;

import io.meshfed.security.MaterialRejectedException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One credential sealed once for many recipients: the plaintext is encrypted once with a fresh
 * AES-256-GCM data key, and that key is sealed to each recipient with HPKE ({@link Hpke}), bound to
 * the sender, the recipient, the purpose, the credential id and a digest of the encrypted body. A
 * recipient's key opens only that body, for that credential, from that sender; the hub that routes
 * the envelope reads nothing. Its size grows with the recipients by one wrapped key each (about 120
 * characters), not by one copy of the credential each.
 *
 * @param ciphertext base64 of the 12-byte nonce followed by the AES-GCM ciphertext and tag
 * @param wrappedKeys the data key sealed to each recipient, base64, by recipient cluster
 */
public record SealedEnvelope(String ciphertext, SortedMap<String, String> wrappedKeys) {

  private static final byte[] DOMAIN = "meshfed.envelope.v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE = 12;

  public SealedEnvelope {
    wrappedKeys =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(wrappedKeys == null ? Map.of() : wrappedKeys));
  }

  /**
   * Seals a credential for recipients.
   *
   * @param recipientPublicKeysets each recipient's published keyset, by recipient cluster
   * @throws IllegalArgumentException naming the recipient whose keyset cannot be used
   */
  public static SealedEnvelope seal(
      byte[] plaintext,
      String sender,
      String purpose,
      String credentialId,
      Map<String, String> recipientPublicKeysets) {
    return new Sealer(plaintext, sender, purpose, credentialId).sealFor(recipientPublicKeysets);
  }

  /**
   * One credential sealed for recipients that change over time (primaries joining one after the
   * other): the body is encrypted once, and each {@link #sealFor} wraps the data key only for the
   * recipients that are new or whose keyset changed, keeps the wrapped keys of the others and drops
   * those of recipients no longer named. Each wrapped key is bound to the same body, so every
   * envelope it returns opens for its recipients. One sealer per credential: a rotated credential
   * gets a new sealer, hence a new data key.
   */
  public static final class Sealer {

    private record Wrapped(String keyset, String wrappedKey) {}

    private final String sender;
    private final String purpose;
    private final String credentialId;
    private final byte[] dataKey = new byte[32];
    private final byte[] body;
    private final String ciphertext;
    private final Map<String, Wrapped> wrapped = new HashMap<>();

    public Sealer(byte[] plaintext, String sender, String purpose, String credentialId) {
      this.sender = sender;
      this.purpose = purpose;
      this.credentialId = credentialId;
      RANDOM.nextBytes(dataKey);
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      try {
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(
            Cipher.ENCRYPT_MODE,
            new SecretKeySpec(dataKey, "AES"),
            new GCMParameterSpec(128, nonce));
        aes.updateAAD(bodyContext(sender, purpose, credentialId));
        byte[] encrypted = aes.doFinal(plaintext);
        body = ByteBuffer.allocate(NONCE + encrypted.length).put(nonce).put(encrypted).array();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK cannot encrypt with AES-256-GCM", e);
      }
      ciphertext = Base64.getEncoder().encodeToString(body);
    }

    /**
     * The credential sealed for exactly these recipients.
     *
     * @param recipientPublicKeysets each recipient's published keyset, by recipient cluster
     * @throws IllegalArgumentException naming the recipient whose keyset cannot be used
     */
    public synchronized SealedEnvelope sealFor(Map<String, String> recipientPublicKeysets) {
      wrapped.keySet().retainAll(recipientPublicKeysets.keySet());
      SortedMap<String, String> keys = new TreeMap<>();
      recipientPublicKeysets.forEach(
          (recipient, keyset) -> {
            Wrapped w = wrapped.get(recipient);
            if (w == null || !w.keyset().equals(keyset)) {
              w = new Wrapped(keyset, wrap(recipient, keyset));
              wrapped.put(recipient, w);
            }
            keys.put(recipient, w.wrappedKey());
          });
      return new SealedEnvelope(ciphertext, keys);
    }

    private String wrap(String recipient, String keyset) {
      try {
        byte[] sealed =
            HpkeCipher.seal(
                RecipientKeys.parsePublicKeyset(keyset),
                dataKey,
                keyContext(sender, recipient, purpose, credentialId, body));
        return Base64.getEncoder().encodeToString(sealed);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cannot seal for " + recipient + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Opens the credential as {@code recipient}.
   *
   * @throws MaterialRejectedException {@code NotARecipient} (no key for it), {@code
   *     MalformedCiphertext} (not base64, too short) or {@code CiphertextRefused} (changed in any
   *     byte, another sender, purpose or credential, or another recipient's key)
   */
  public byte[] open(
      RecipientKeys keys, String sender, String recipient, String purpose, String credentialId)
      throws MaterialRejectedException {
    String wrapped = wrappedKeys.get(recipient);
    if (wrapped == null) {
      throw new MaterialRejectedException(
          "NotARecipient", "the credential of " + sender + " is not sealed for " + recipient);
    }
    byte[] body;
    byte[] sealedKey;
    try {
      body = Base64.getDecoder().decode(ciphertext == null ? "" : ciphertext.strip());
      sealedKey = Base64.getDecoder().decode(wrapped.strip());
    } catch (IllegalArgumentException e) {
      throw new MaterialRejectedException(
          "MalformedCiphertext", "the credential of " + sender + " is not base64");
    }
    if (body.length <= NONCE + 16 || sealedKey.length == 0) {
      throw new MaterialRejectedException(
          "MalformedCiphertext", "the credential of " + sender + " is too short");
    }
    try {
      byte[] dataKey =
          HpkeCipher.open(
              keys.handle(), sealedKey, keyContext(sender, recipient, purpose, credentialId, body));
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(dataKey, "AES"),
          new GCMParameterSpec(128, body, 0, NONCE));
      aes.updateAAD(bodyContext(sender, purpose, credentialId));
      return aes.doFinal(body, NONCE, body.length - NONCE);
    } catch (GeneralSecurityException e) {
      throw new MaterialRejectedException(
          "CiphertextRefused",
          "the credential "
              + credentialId
              + " of "
              + sender
              + " for "
              + recipient
              + " ("
              + purpose
              + ") does not open with this cluster's key: it was changed, sealed to another"
              + " recipient or under another context");
    }
  }

  private static byte[] bodyContext(String sender, String purpose, String credentialId) {
    return context("body", sender, purpose, credentialId);
  }

  private static byte[] keyContext(
      String sender, String recipient, String purpose, String credentialId, byte[] body) {
    try {
      String digest =
          Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
      return context("key", sender, recipient, purpose, credentialId, digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** A domain tag, then each part length-prefixed (uint32, big-endian). */
  private static byte[] context(String... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(DOMAIN);
    for (String part : parts) {
      byte[] utf8 = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
      out.writeBytes(utf8);
    }
    return out.toByteArray();
  }
}
