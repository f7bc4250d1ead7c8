package io.meshfed.security.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * The key types this library generates for a CA. Istio's plug-in CA ({@code cacerts}) reads both
 * from {@code ca-key.pem}. ECDSA on P-256 is the default: small, fast and accepted everywhere.
 */
public enum CaKeyType {
  /** ECDSA on NIST P-256 (secp256r1). */
  EC_P256,
  /** RSA with a 3072-bit modulus. */
  RSA_3072;

  /** A fresh key pair of this type. */
  public KeyPair generate() {
    try {
      KeyPairGenerator generator;
      if (this == EC_P256) {
        generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate a " + this + " key pair", e);
    }
  }
}
