package io.meshfed.security.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.security.Pem;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MeshRootCaTest {

  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";

  @ParameterizedTest
  @EnumSource(CaKeyType.class)
  void generatedRootIsASelfSignedCaThatSignsCertificatesAndCrls(CaKeyType keyType)
      throws Exception {
    MeshRootCa root = MeshRootCa.generate("mesh1", keyType, Duration.ofDays(3650), TestPki.CLOCK);
    X509Certificate cert = root.certificate();

    assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
    cert.verify(cert.getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Root CA,OU=mesh1,O=Istio");
    assertThat(cert.getBasicConstraints())
        .as("CA:true without a path length")
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(cert.getKeyUsage())
        .containsExactly(false, false, false, false, false, true, true, false, false);
    assertThat(cert.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(TestPki.NOW.plus(Duration.ofDays(3650)));
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(TestPki.NOW.minus(CsrSigner.CLOCK_SKEW));
  }

  @Test
  void exportedPemImportsBackToTheSameRoot() {
    MeshRootCa root =
        MeshRootCa.generate("mesh1", CaKeyType.EC_P256, Duration.ofDays(30), TestPki.CLOCK);

    MeshRootCa imported = MeshRootCa.fromPem(root.certificatePem(), root.privateKeyPem());

    assertThat(imported.certificate()).isEqualTo(root.certificate());
    assertThat(imported.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(root.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(imported.privateKeyPem()).isEqualTo(root.privateKeyPem());
  }

  @Test
  void importsAnEcKeyInSec1FormWithCurveAndPublicKey() throws Exception {
    MeshRootCa root =
        MeshRootCa.generate("mesh1", CaKeyType.EC_P256, Duration.ofDays(30), TestPki.CLOCK);
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(root.privateKey().getEncoded());
    ECPrivateKey sec1 =
        new ECPrivateKey(
            256,
            ECPrivateKey.getInstance(pkcs8.parsePrivateKey()).getKey(),
            SubjectPublicKeyInfo.getInstance(root.certificate().getPublicKey().getEncoded())
                .getPublicKeyData(),
            pkcs8.getPrivateKeyAlgorithm().getParameters());
    String sec1Pem =
        "-----BEGIN EC PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(sec1.getEncoded())
            + "\n-----END EC PRIVATE KEY-----\n";

    MeshRootCa imported = MeshRootCa.fromPem(root.certificatePem(), sec1Pem);
    IssuedIntermediate issued =
        new CsrSigner(imported, Duration.ofDays(1), TestPki.CLOCK)
            .sign("cluster1", IntermediateCsr.generate("cluster1", CaKeyType.EC_P256).csrPem());

    Pem.certificate(issued.certificatePem(), "issued").verify(root.certificate().getPublicKey());
  }

  @Test
  void refusesAKeyThatIsNotTheRootsOwn() {
    MeshRootCa root =
        MeshRootCa.generate("mesh1", CaKeyType.EC_P256, Duration.ofDays(30), TestPki.CLOCK);
    MeshRootCa other =
        MeshRootCa.generate("mesh1", CaKeyType.EC_P256, Duration.ofDays(30), TestPki.CLOCK);

    assertThatThrownBy(() -> MeshRootCa.fromPem(root.certificatePem(), other.privateKeyPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("root private key does not belong to the root certificate");
  }

  @Test
  void refusesAnIntermediateAsRoot() {
    TestPki pki = TestPki.forCluster("cluster1");

    assertThatThrownBy(
            () -> MeshRootCa.fromPem(pki.issued.certificatePem(), pki.csr.privateKeyPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("root certificate is not self-signed");
  }

  @Test
  void refusesALeafCertificateAsRoot() {
    TestPki pki = TestPki.forCluster("cluster1");
    String leaf = Pem.encode(pki.workload("default"));

    assertThatThrownBy(() -> MeshRootCa.fromPem(leaf, pki.root.privateKeyPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("root certificate is not a CA");
  }

  @Test
  void refusesAKeyWhereTheCertificateShouldBe() {
    MeshRootCa root =
        MeshRootCa.generate("mesh1", CaKeyType.EC_P256, Duration.ofDays(30), TestPki.CLOCK);

    assertThatThrownBy(() -> MeshRootCa.fromPem(root.privateKeyPem(), root.privateKeyPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("root certificate holds a private key where only certificates are expected");
  }

  @Test
  void neverPrintsItsKey() {
    MeshRootCa root =
        MeshRootCa.generate("mesh1", CaKeyType.EC_P256, Duration.ofDays(30), TestPki.CLOCK);

    assertThat(root.toString()).contains("Root CA").doesNotContain("PRIVATE");
  }
}
