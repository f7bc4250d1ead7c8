package io.meshfed.security.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.Pem;
import org.junit.jupiter.api.Test;

class CaCertsBundleTest {

  private final TestPki pki = TestPki.forCluster("cluster1");

  @Test
  void holdsTheFourEntriesIstioReadsFromCacerts() throws Exception {
    CaCertsBundle bundle =
        CaCertsBundle.of(
            pki.issued.certificatePem(), pki.csr.privateKeyPem(), pki.issued.rootCertificatePem());

    assertThat(CaCertsBundle.SECRET_NAME).isEqualTo("cacerts");
    assertThat(bundle.secretData())
        .containsOnlyKeys("ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem");
    assertThat(bundle.secretData().keySet())
        .containsExactly("ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem");
    assertThat(bundle.secretData().get("ca-cert.pem")).isEqualTo(pki.issued.certificatePem());
    assertThat(bundle.secretData().get("ca-key.pem")).isEqualTo(pki.csr.privateKeyPem());
    assertThat(bundle.secretData().get("root-cert.pem")).isEqualTo(pki.root.certificatePem());
    assertThat(Pem.certificates(bundle.secretData().get("cert-chain.pem"), "chain"))
        .as("the intermediate, then the root")
        .containsExactly(pki.intermediate(), pki.root.certificate());
    assertThat(bundle.certChainPem()).isEqualTo(pki.issued.certChainPem());
  }

  @Test
  void refusesAKeyThatIsNotTheIntermediates() {
    String otherKey = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256).privateKeyPem();

    assertThatThrownBy(
            () ->
                CaCertsBundle.of(
                    pki.issued.certificatePem(), otherKey, pki.issued.rootCertificatePem()))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("KeyMismatch"))
        .hasMessage("ca-key.pem does not belong to the certificate in ca-cert.pem");
  }

  @Test
  void refusesAnIntermediateOfAnotherRoot() {
    TestPki otherMesh = TestPki.forCluster("cluster1");

    assertThatThrownBy(
            () ->
                CaCertsBundle.of(
                    otherMesh.issued.certificatePem(),
                    otherMesh.csr.privateKeyPem(),
                    pki.issued.rootCertificatePem()))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("ChainInvalid"))
        .hasMessage("ca-cert.pem is not signed by the root in root-cert.pem");
  }

  @Test
  void refusesALeafInPlaceOfTheIntermediate() {
    String leaf = Pem.encode(pki.workload("sleep"));

    assertThatThrownBy(
            () -> CaCertsBundle.of(leaf, pki.csr.privateKeyPem(), pki.issued.rootCertificatePem()))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("ChainInvalid"))
        .hasMessage("ca-cert.pem is not a CA certificate");
  }

  @Test
  void refusesAnIntermediateInPlaceOfTheRoot() {
    assertThatThrownBy(
            () ->
                CaCertsBundle.of(
                    pki.issued.certificatePem(),
                    pki.csr.privateKeyPem(),
                    pki.issued.certificatePem()))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("ChainInvalid"))
        .hasMessage("root-cert.pem is not a self-signed root");
  }

  @Test
  void refusesTextThatIsNotPem() {
    assertThatThrownBy(
            () ->
                CaCertsBundle.of(
                    "garbage", pki.csr.privateKeyPem(), pki.issued.rootCertificatePem()))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class, e -> assertThat(e.reason()).isEqualTo("MalformedPem"))
        .hasMessageContaining("ca-cert.pem");
  }

  @Test
  void neverPrintsTheKey() throws Exception {
    CaCertsBundle bundle =
        CaCertsBundle.of(
            pki.issued.certificatePem(), pki.csr.privateKeyPem(), pki.issued.rootCertificatePem());

    assertThat(bundle.toString()).doesNotContain("BEGIN");
  }
}
