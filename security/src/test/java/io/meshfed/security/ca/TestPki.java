package io.meshfed.security.ca;

import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.Pem;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A mesh's PKI as the hub and an agent make it with this library, plus what istiod would do with
 * the intermediate: issue a workload certificate.
 */
final class TestPki {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  final MeshRootCa root;
  final IntermediateCsr csr;
  final IssuedIntermediate issued;

  private TestPki(MeshRootCa root, IntermediateCsr csr, IssuedIntermediate issued) {
    this.root = root;
    this.csr = csr;
    this.issued = issued;
  }

  static TestPki forCluster(String cluster) {
    return forCluster(cluster, CaKeyType.EC_P256);
  }

  static TestPki forCluster(String cluster, CaKeyType keyType) {
    MeshRootCa root = MeshRootCa.generate("mesh1", keyType, Duration.ofDays(3650), CLOCK);
    IntermediateCsr csr = IntermediateCsr.generate(cluster, keyType);
    try {
      IssuedIntermediate issued =
          new CsrSigner(root, Duration.ofDays(365), CLOCK).sign(cluster, csr.csrPem());
      return new TestPki(root, csr, issued);
    } catch (MaterialRejectedException e) {
      throw new AssertionError(e);
    }
  }

  X509Certificate intermediate() {
    return Pem.certificate(issued.certificatePem(), "intermediate");
  }

  PrivateKey intermediateKey() {
    return Pem.privateKey(csr.privateKeyPem(), "intermediate key");
  }

  /** A workload certificate as istiod signs it with its plug-in CA: SPIFFE URI, not a CA. */
  X509Certificate workload(String serviceAccount) {
    return issue(
        intermediate(),
        intermediateKey(),
        new X500Name("O=cluster.local"),
        CaKeyType.EC_P256.generate(),
        false,
        serviceAccount);
  }

  /** A certificate that claims to be a CA below the intermediate (which path length 0 forbids). */
  SubCa subCa() {
    KeyPair keys = CaKeyType.EC_P256.generate();
    X509Certificate certificate =
        issue(intermediate(), intermediateKey(), new X500Name("CN=Sub CA"), keys, true, null);
    return new SubCa(certificate, keys.getPrivate());
  }

  record SubCa(X509Certificate certificate, PrivateKey key) {
    X509Certificate workload() {
      return issue(
          certificate,
          key,
          new X500Name("O=cluster.local"),
          CaKeyType.EC_P256.generate(),
          false,
          "default");
    }
  }

  static X509Certificate issue(
      X509Certificate issuer,
      PrivateKey issuerKey,
      X500Name subject,
      KeyPair subjectKeys,
      boolean ca,
      String serviceAccount) {
    try {
      var builder =
          new JcaX509v3CertificateBuilder(
                  issuer,
                  BigInteger.valueOf(NOW.toEpochMilli()),
                  Date.from(NOW.minusSeconds(60)),
                  Date.from(NOW.plus(Duration.ofDays(1))),
                  subject,
                  subjectKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKeys.getPublic()))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(
                      ca
                          ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                          : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      if (serviceAccount != null) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            true,
            new GeneralNames(
                new GeneralName(
                    GeneralName.uniformResourceIdentifier,
                    "spiffe://cluster.local/ns/default/sa/" + serviceAccount)));
      }
      var signer =
          new JcaContentSignerBuilder(CaKeys.signatureAlgorithm(issuer.getPublicKey()))
              .build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
