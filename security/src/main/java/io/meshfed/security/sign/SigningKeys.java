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
   * The public key of an Ed25519 private key (the JDK's keys do not carry it): derived from the
   * key's seed, as {@code openssl pkey -pubout} does.
   *
   * @throws IllegalArgumentException if it is not an Ed25519 private key
   */
  public static PublicKey publicKeyOf(PrivateKey key) {
    try {
      var parameters =
          (org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters)
              org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(key.getEncoded());
      byte[] spki =
          org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                  parameters.generatePublicKey())
              .getEncoded();
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
    } catch (java.io.IOException | ClassCastException | GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key", e);
    }
  }

  /**
   * Reads a private key from PEM ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8, as {@code openssl
   * genpkey -algorithm ed25519} writes it).
   *
   * @throws IllegalArgumentException if it is not a PEM Ed25519 PKCS#8 private key
   */
  public static PrivateKey privateKeyFromPem(String pem) {
    if (pem == null) {
      throw new IllegalArgumentException("signing private key PEM is required");
    }
    String begin = "-----BEGIN PRIVATE KEY-----";
    String end = "-----END PRIVATE KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(
          "signing private key is not a PEM PRIVATE KEY (PKCS#8) block");
    }
    return decodePrivateKey(pem.substring(from + begin.length(), to).replaceAll("\\s", ""));
  }

  /** The private key as PEM (PKCS#8), as {@code openssl genpkey -algorithm ed25519} writes it. */
  public static String privateKeyToPem(PrivateKey key) {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
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
