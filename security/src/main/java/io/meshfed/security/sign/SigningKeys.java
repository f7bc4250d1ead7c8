package io.meshfed.security.sign;

import io.meshfed.security.Names;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An agent's Ed25519 signing key (the JDK's own implementation). The agent generates it in its
 * cluster and keeps the private key in a Secret; the public key is registered with the hub when the
 * cluster joins. Public keys travel as base64 of their X.509 SubjectPublicKeyInfo, private keys as
 * base64 of PKCS#8.
 */
public final class SigningKeys {

  static final String ALGORITHM = "Ed25519";

  private SigningKeys() {}

  /** A new Ed25519 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate Ed25519 keys", e);
    }
  }

  /** The public key as base64 of its X.509 SubjectPublicKeyInfo: safe to publish. */
  public static String encodePublicKey(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** The private key as base64 of PKCS#8: for the agent's Secret only. */
  public static String encodePrivateKey(PrivateKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /**
   * Reads a public key written by {@link #encodePublicKey}.
   *
   * @throws IllegalArgumentException if it is not base64 of an Ed25519 public key
   */
  public static PublicKey decodePublicKey(String base64) {
    byte[] der = decode(base64, "signing public key");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "signing public key is not an Ed25519 public key (base64 of X.509 SubjectPublicKeyInfo)",
          e);
    }
  }

  /**
   * Reads a private key written by {@link #encodePrivateKey}.
   *
   * @throws IllegalArgumentException if it is not base64 of an Ed25519 PKCS#8 private key
   */
  public static PrivateKey decodePrivateKey(String base64) {
    byte[] der = decode(base64, "signing private key");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "signing private key is not an Ed25519 private key (base64 of PKCS#8)", e);
    }
  }

  /**
   * A short, stable name for a public key (the first 16 hex digits of the SHA-256 of its encoding),
   * for logs and key ids: it identifies the key without carrying it.
   */
  public static String fingerprint(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static byte[] decode(String base64, String field) {
    Names.requireText(base64, field);
    try {
      return Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " is not base64", e);
    }
  }
}
