package io.meshfed.security.seal;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;
import java.security.GeneralSecurityException;

/**
 * The one HPKE suite credentials are sealed with (RFC 9180: DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-256-GCM) and its keys: Google Tink keysets, with Tink's key-id prefix, so that a
 * recipient may hold more than one key while it rotates. {@link HpkeCipher} seals and opens with
 * them. This class uses Tink only: reading and checking keys loads none of the cipher's classes.
 */
final class Hpke {

  static final HpkeParameters PARAMETERS;

  static {
    try {
      HybridConfig.register();
      PARAMETERS =
          HpkeParameters.builder()
              .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
              .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
              .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
              .setVariant(HpkeParameters.Variant.TINK)
              .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Hpke() {}

  /**
   * Makes sure Tink knows the HPKE key types (the static initializer above) before a keyset is
   * parsed: a process that only reads stored keys, such as a restarted agent, has not generated one
   * that would have registered them.
   */
  static void register() {
    // Calling this runs the static initializer once; nothing else to do.
  }

  static KeysetHandle newPrivateKeyset() {
    try {
      return KeysetHandle.generateNew(PARAMETERS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an HPKE key", e);
    }
  }

  /** Whether every key of a keyset uses this suite (no downgrade to another one). */
  static boolean onlyThisSuite(KeysetHandle keyset) {
    for (int i = 0; i < keyset.size(); i++) {
      if (!PARAMETERS.equals(keyset.getAt(i).getKey().getParameters())) {
        return false;
      }
    }
    return keyset.size() > 0;
  }
}
