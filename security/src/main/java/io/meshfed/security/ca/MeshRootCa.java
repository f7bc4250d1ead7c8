package io.meshfed.security.ca;

import io.meshfed.security.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A mesh's root CA: the trust anchor every cluster's intermediate chains to. Only the hub holds it
 * (in a Secret of its own namespace or a mounted file); it never crosses Kafka.
 *
 * <p>A generated root is self-signed with basic constraints CA:true and key usage keyCertSign +
 * cRLSign, both critical. An imported root must be the same kind of certificate.
 */
public final class MeshRootCa {

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private MeshRootCa(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * A new root for a mesh, valid from now (less {@link CsrSigner#CLOCK_SKEW}, for clusters whose
   * clock runs behind) until {@code lifetime} from now.
   *
   * @param meshId named in the subject ({@code O=Istio, OU=<meshId>, CN=Root CA})
   */
  public static MeshRootCa generate(
      String meshId, CaKeyType keyType, Duration lifetime, Clock clock) {
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("root lifetime must be positive, got " + lifetime);
    }
    KeyPair keys = keyType.generate();
    Instant now = clock.instant();
    X509Certificate certificate =
        CaCertificates.issue(
            null,
            keys.getPrivate(),
            CaSubjects.root(meshId),
            keys.getPublic(),
            null,
            null,
            now.minus(CsrSigner.CLOCK_SKEW),
            now.plus(lifetime));
    return new MeshRootCa(certificate, keys.getPrivate());
  }

  /**
   * A root imported from PEM (for example the one a mesh already has): a self-signed CA certificate
   * whose key usage allows signing certificates, and its private key (PKCS#8, SEC1 or PKCS#1,
   * unencrypted).
   *
   * @throws IllegalArgumentException saying what is wrong with either input
   */
  public static MeshRootCa fromPem(String certificatePem, String privateKeyPem) {
    X509Certificate certificate = Pem.certificate(certificatePem, "root certificate");
    PrivateKey key = Pem.privateKey(privateKeyPem, "root private key");
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "root certificate is not a CA (basic constraints CA:true is missing)");
    }
    boolean[] keyUsage = certificate.getKeyUsage();
    if (keyUsage == null || !keyUsage[5]) {
      throw new IllegalArgumentException(
          "root certificate's key usage does not allow signing certificates (keyCertSign)");
    }
    if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
      throw new IllegalArgumentException(
          "root certificate is not self-signed (issuer "
              + certificate.getIssuerX500Principal()
              + "); import the top of the chain");
    }
    try {
      certificate.verify(certificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "root certificate's self-signature does not verify: " + e.getMessage(), e);
    }
    CaKeys.unacceptable(certificate.getPublicKey())
        .ifPresent(
            why -> {
              throw new IllegalArgumentException("root certificate holds " + why);
            });
    if (!CaKeys.matches(key, certificate.getPublicKey())) {
      throw new IllegalArgumentException(
          "root private key does not belong to the root certificate");
    }
    return new MeshRootCa(certificate, key);
  }

  /** The root certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The root certificate as PEM: {@code root-cert.pem} of every cluster's {@code cacerts}. */
  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** The root's private key as PKCS#8 PEM, for the hub's own Secret. Never publish it. */
  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /** Names the root and its validity; never prints the key. */
  @Override
  public String toString() {
    return "MeshRootCa["
        + certificate.getSubjectX500Principal()
        + ", notAfter="
        + certificate.getNotAfter().toInstant()
        + "]";
  }
}
