package io.meshfed.security.seal;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import io.meshfed.security.Names;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * A recipient's HPKE key pair (a Tink keyset): an agent generates it in its cluster, keeps {@link
 * #privateKeyset()} in a Secret, and publishes {@link #publicKeyset()} so that peers can seal
 * credentials only it can open. Both travel as base64 of Tink's binary keyset format.
 */
public final class RecipientKeys {

  private final KeysetHandle privateKeyset;

  private RecipientKeys(KeysetHandle privateKeyset) {
    this.privateKeyset = privateKeyset;
  }

  /** A new key pair. */
  public static RecipientKeys generate() {
    return new RecipientKeys(Hpke.newPrivateKeyset());
  }

  /**
   * Keys read back from the Secret that kept {@link #privateKeyset()}.
   *
   * @throws IllegalArgumentException if it is not such a keyset
   */
  public static RecipientKeys fromPrivateKeyset(String base64) {
    byte[] bytes = decode(base64, "recipient private keyset");
    Hpke.register();
    KeysetHandle handle;
    try {
      handle = TinkProtoKeysetFormat.parseKeyset(bytes, InsecureSecretKeyAccess.get());
      handle.getPublicKeysetHandle();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "recipient private keyset is not a Tink HPKE private keyset", e);
    }
    if (!Hpke.onlyThisSuite(handle)) {
      throw new IllegalArgumentException(
          "recipient private keyset holds keys of another suite than"
              + " DHKEM_X25519_HKDF_SHA256/HKDF_SHA256/AES_256_GCM");
    }
    return new RecipientKeys(handle);
  }

  /**
   * Reads a published public keyset, refusing anything but public HPKE keys of the one suite.
   *
   * @throws IllegalArgumentException saying what is wrong (for a 4xx naming the field, or a
   *     condition)
   */
  public static KeysetHandle parsePublicKeyset(String base64) {
    byte[] bytes = decode(base64, "recipient public keyset");
    Hpke.register();
    KeysetHandle handle;
    try {
      handle = TinkProtoKeysetFormat.parseKeysetWithoutSecret(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "recipient public keyset is not a Tink public keyset (a private keyset must never be"
              + " published)",
          e);
    }
    if (!Hpke.onlyThisSuite(handle)) {
      throw new IllegalArgumentException(
          "recipient public keyset holds keys of another suite than"
              + " DHKEM_X25519_HKDF_SHA256/HKDF_SHA256/AES_256_GCM");
    }
    return handle;
  }

  /** The public keyset, base64: safe to publish. */
  public String publicKeyset() {
    try {
      return Base64.getEncoder()
          .encodeToString(
              TinkProtoKeysetFormat.serializeKeysetWithoutSecret(
                  privateKeyset.getPublicKeysetHandle()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serialize the public keyset", e);
    }
  }

  /** The private keyset, base64: for this cluster's Secret only. */
  public String privateKeyset() {
    try {
      return Base64.getEncoder()
          .encodeToString(
              TinkProtoKeysetFormat.serializeKeyset(privateKeyset, InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serialize the private keyset", e);
    }
  }

  KeysetHandle handle() {
    return privateKeyset;
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "RecipientKeys[" + privateKeyset.size() + " key(s)]";
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
