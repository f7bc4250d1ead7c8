package io.meshfed.security.ca;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** What a CA key may be, and how it signs. */
final class CaKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * BouncyCastle's provider, used only where the JDK's cannot read a key by its OID (an EC key in a
   * CSR). It is never registered globally.
   */
  static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  private CaKeys() {}

  /**
   * Why a public key may not belong to a CA of the mesh, or empty when it may: ECDSA on P-256 or
   * P-384, or RSA of at least 2048 bits (roots imported from elsewhere are often RSA-4096).
   */
  static Optional<String> unacceptable(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      return bits >= 2048
          ? Optional.empty()
          : Optional.of("an RSA key of " + bits + " bits (at least 2048 are required)");
    }
    if ("EC".equals(key.getAlgorithm())) {
      return curve(key).isPresent()
          ? Optional.empty()
          : Optional.of("an EC key on a curve other than P-256 or P-384");
    }
    return Optional.of("a " + key.getAlgorithm() + " key (ECDSA P-256/P-384 or RSA are required)");
  }

  /** The JCA algorithm an issuer key signs certificates with. */
  static String signatureAlgorithm(PublicKey issuerKey) {
    if (issuerKey instanceof RSAPublicKey) {
      return "SHA256withRSA";
    }
    String curve =
        curve(issuerKey)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cannot sign with " + unacceptable(issuerKey).orElse("this key")));
    return curve.equals("P-384") ? "SHA384withECDSA" : "SHA256withECDSA";
  }

  /** Whether a private key is the one that belongs to a public key (sign, then verify). */
  static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    try {
      String algorithm = signatureAlgorithm(publicKey);
      byte[] probe = new byte[32];
      RANDOM.nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Optional<String> curve(PublicKey key) {
    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())) {
      return Optional.empty();
    }
    ASN1Encodable parameters = info.getAlgorithm().getParameters();
    if (SECObjectIdentifiers.secp256r1.equals(parameters)) {
      return Optional.of("P-256");
    }
    if (SECObjectIdentifiers.secp384r1.equals(parameters)) {
      return Optional.of("P-384");
    }
    return Optional.empty();
  }
}
