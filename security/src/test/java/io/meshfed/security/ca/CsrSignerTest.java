package io.meshfed.security.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.Pem;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CsrSignerTest {

  private final MeshRootCa root =
      MeshRootCa.generate("mesh1", CaKeyType.EC_P256, Duration.ofDays(3650), TestPki.CLOCK);
  private final CsrSigner signer = new CsrSigner(root, Duration.ofDays(365), TestPki.CLOCK);

  @Test
  void issuesAnIntermediateCaWithPathLengthZeroForTheCluster() throws Exception {
    IntermediateCsr csr = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256);

    IssuedIntermediate issued = signer.sign("cluster1", csr.csrPem());

    X509Certificate cert = Pem.certificate(issued.certificatePem(), "issued");
    cert.verify(root.certificate().getPublicKey());
    assertThat(cert.getIssuerX500Principal())
        .isEqualTo(root.certificate().getSubjectX500Principal());
    assertThat(cert.getSubjectX500Principal().getName())
        .isEqualTo("L=cluster1,CN=Intermediate CA,O=Istio");
    assertThat(cert.getBasicConstraints()).as("CA:true, pathlen:0").isZero();
    assertThat(cert.getKeyUsage())
        .as("keyCertSign and cRLSign only")
        .containsExactly(false, false, false, false, false, true, true, false, false);
    assertThat(cert.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactly(List.of(GeneralName.dNSName, "istiod.istio-system.svc"));
    assertThat(cert.getPublicKey())
        .isEqualTo(IntermediateCsr.publicKey(Pem.certificateRequest(csr.csrPem(), "csr")));
    assertThat(issued.rootCertificatePem()).isEqualTo(root.certificatePem());
    assertThat(issued.certChainPem()).isEqualTo(issued.certificatePem() + root.certificatePem());
    assertThat(issued.clusterName()).isEqualTo("cluster1");
  }

  @Test
  void intermediateIsValidForTheConfiguredLifetimeFromAFewMinutesAgo() throws Exception {
    IssuedIntermediate issued =
        signer.sign("cluster1", IntermediateCsr.generate("cluster1", CaKeyType.EC_P256).csrPem());

    assertThat(issued.notBefore()).isEqualTo(TestPki.NOW.minus(CsrSigner.CLOCK_SKEW));
    assertThat(issued.notAfter()).isEqualTo(TestPki.NOW.plus(Duration.ofDays(365)));
  }

  @Test
  void intermediateNeverOutlivesTheRoot() throws Exception {
    Clock nineYearsLater = Clock.fixed(TestPki.NOW.plus(Duration.ofDays(9 * 365)), ZoneOffset.UTC);
    CsrSigner late = new CsrSigner(root, Duration.ofDays(730), nineYearsLater);

    IssuedIntermediate issued =
        late.sign("cluster1", IntermediateCsr.generate("cluster1", CaKeyType.EC_P256).csrPem());

    assertThat(issued.notAfter()).isEqualTo(root.certificate().getNotAfter().toInstant());
  }

  @Test
  void signsRsaRequestsWithAnRsaRoot() throws Exception {
    MeshRootCa rsaRoot =
        MeshRootCa.generate("mesh1", CaKeyType.RSA_3072, Duration.ofDays(30), TestPki.CLOCK);
    IssuedIntermediate issued =
        new CsrSigner(rsaRoot, Duration.ofDays(7), TestPki.CLOCK)
            .sign("cluster1", IntermediateCsr.generate("cluster1", CaKeyType.RSA_3072).csrPem());

    X509Certificate cert = Pem.certificate(issued.certificatePem(), "issued");
    cert.verify(rsaRoot.certificate().getPublicKey());
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
  }

  @Test
  void refusesARequestThatNamesAnotherCluster() {
    IntermediateCsr csr = IntermediateCsr.generate("cluster2", CaKeyType.EC_P256);

    assertThatThrownBy(() -> signer.sign("cluster1", csr.csrPem()))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("WrongCluster"))
        .hasMessageContaining("L=cluster2")
        .hasMessageContaining("the request is for cluster cluster1");
  }

  @Test
  void refusesARequestWithAnotherSubjectShape() throws Exception {
    KeyPair keys = CaKeyType.EC_P256.generate();
    String csr = csr(new X500Name("CN=cluster1"), keys, null);

    assertThatThrownBy(() -> signer.sign("cluster1", csr))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("WrongCluster"));
  }

  @Test
  void refusesARequestWhoseSignatureDoesNotMatchItsKey() throws Exception {
    String csrPem = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256).csrPem();
    PKCS10CertificationRequest request = Pem.certificateRequest(csrPem, "csr");
    byte[] der = request.getEncoded();
    der[der.length - 5] ^= 0x01; // inside the signature value
    String tampered = Pem.encode(new PKCS10CertificationRequest(der));

    assertThatThrownBy(() -> signer.sign("cluster1", tampered))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo("CsrSignatureInvalid"));
  }

  @Test
  void refusesSomethingThatIsNotARequest() {
    assertThatThrownBy(() -> signer.sign("cluster1", root.certificatePem()))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("MalformedCsr"))
        .hasMessageContaining("the CSR of cluster cluster1 cannot be read");
    assertThatThrownBy(() -> signer.sign("cluster1", "not pem at all"))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("MalformedCsr"));
    assertThatThrownBy(
            () ->
                signer.sign(
                    "cluster1",
                    "-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n"
                        + "-----END CERTIFICATE REQUEST-----\n"))
        .as("a PEM block whose body is not base64")
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("MalformedCsr"));
  }

  @Test
  void refusesAWeakKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    String csr = csr(CaSubjects.intermediate("cluster1"), rsa.generateKeyPair(), null);

    assertThatThrownBy(() -> signer.sign("cluster1", csr))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("WeakKey"))
        .hasMessageContaining("an RSA key of 1024 bits");
  }

  @Test
  void ignoresWhatTheRequestAsksForBeyondItsKeyAndName() throws Exception {
    ExtensionsGenerator greedy = new ExtensionsGenerator();
    greedy.addExtension(Extension.basicConstraints, true, new BasicConstraints(5));
    greedy.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, "evil.example")));
    String csr = csr(CaSubjects.intermediate("cluster1"), CaKeyType.EC_P256.generate(), greedy);

    X509Certificate cert = Pem.certificate(signer.sign("cluster1", csr).certificatePem(), "issued");

    assertThat(cert.getBasicConstraints()).isZero();
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactly(List.of(GeneralName.dNSName, "istiod.istio-system.svc"));
  }

  @Test
  void refusesToSignOnceTheRootHasExpired() {
    Clock afterRoot = Clock.fixed(TestPki.NOW.plus(Duration.ofDays(3651)), ZoneOffset.UTC);
    CsrSigner late = new CsrSigner(root, Duration.ofDays(365), afterRoot);
    String csr = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256).csrPem();

    assertThatThrownBy(() -> late.sign("cluster1", csr))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("RootExpired"));
  }

  @Test
  void lifetimeMustBePositive() {
    assertThatThrownBy(() -> new CsrSigner(root, Duration.ZERO, TestPki.CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intermediate lifetime must be positive");
  }

  private static String csr(X500Name subject, KeyPair keys, ExtensionsGenerator extensions)
      throws Exception {
    var builder = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic());
    if (extensions != null) {
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    }
    String algorithm =
        keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    return Pem.encode(
        builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
  }
}
