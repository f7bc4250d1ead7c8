package io.meshfed.security.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues CA certificates: the extensions every CA of the mesh carries, in one place. */
final class CaCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  private CaCertificates() {}

  /**
   * A CA certificate: basic constraints CA:true (critical; with {@code pathLength} when not null),
   * key usage keyCertSign + cRLSign (critical), subject and authority key identifiers, and a DNS
   * subject alternative name when {@code dnsName} is not null.
   *
   * @param issuerCertificate the issuer, or null for a self-signed certificate
   */
  static X509Certificate issue(
      X509Certificate issuerCertificate,
      PrivateKey issuerKey,
      X500Name subject,
      PublicKey subjectKey,
      Integer pathLength,
      String dnsName,
      Instant notBefore,
      Instant notAfter) {
    boolean selfSigned = issuerCertificate == null;
    PublicKey issuerPublicKey = selfSigned ? subjectKey : issuerCertificate.getPublicKey();
    X500Name issuer =
        selfSigned
            ? subject
            : X500Name.getInstance(issuerCertificate.getSubjectX500Principal().getEncoded());
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  issuer,
                  serialNumber(),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  subject,
                  subjectKey)
              .addExtension(
                  Extension.basicConstraints,
                  true,
                  pathLength == null
                      ? new BasicConstraints(true)
                      : new BasicConstraints(pathLength))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(subjectKey))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  selfSigned
                      ? extensions.createAuthorityKeyIdentifier(issuerPublicKey)
                      : extensions.createAuthorityKeyIdentifier(issuerCertificate));
      if (dnsName != null) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
      }
      var signer =
          new JcaContentSignerBuilder(CaKeys.signatureAlgorithm(issuerPublicKey)).build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subject, e);
    }
  }

  /** A positive serial number of 159 random bits, as RFC 5280 allows (at most 20 octets). */
  private static BigInteger serialNumber() {
    return new BigInteger(159, RANDOM).add(BigInteger.ONE);
  }
}
