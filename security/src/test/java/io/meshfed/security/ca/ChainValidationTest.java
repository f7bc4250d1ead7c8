package io.meshfed.security.ca;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chain the library builds, checked by the JDK's PKIX validator as a TLS peer would. */
class ChainValidationTest {

  private final TestPki pki = TestPki.forCluster("cluster1");

  @Test
  void workloadCertificateOfTheIntermediateValidatesToTheRoot() {
    assertThatCode(
            () -> validate(pki.root.certificate(), pki.workload("sleep"), pki.intermediate()))
        .doesNotThrowAnyException();
  }

  @Test
  void rsaChainValidatesToo() {
    TestPki rsa = TestPki.forCluster("cluster1", CaKeyType.RSA_3072);

    assertThatCode(
            () -> validate(rsa.root.certificate(), rsa.workload("sleep"), rsa.intermediate()))
        .doesNotThrowAnyException();
  }

  @Test
  void theIntermediateItselfValidatesToTheRoot() {
    assertThatCode(() -> validate(pki.root.certificate(), pki.intermediate()))
        .doesNotThrowAnyException();
  }

  @Test
  void twoClustersOfOneMeshTrustEachOthersWorkloads() throws Exception {
    IntermediateCsr csr2 = IntermediateCsr.generate("cluster2", CaKeyType.EC_P256);
    IssuedIntermediate issued2 =
        new CsrSigner(pki.root, java.time.Duration.ofDays(365), TestPki.CLOCK)
            .sign("cluster2", csr2.csrPem());
    X509Certificate intermediate2 =
        io.meshfed.security.Pem.certificate(issued2.certificatePem(), "intermediate2");
    X509Certificate workload2 =
        TestPki.issue(
            intermediate2,
            io.meshfed.security.Pem.privateKey(csr2.privateKeyPem(), "key2"),
            new org.bouncycastle.asn1.x500.X500Name("O=cluster.local"),
            CaKeyType.EC_P256.generate(),
            false,
            "helloworld");

    assertThatCode(() -> validate(pki.root.certificate(), workload2, intermediate2))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> validate(pki.root.certificate(), pki.workload("sleep"), pki.intermediate()))
        .doesNotThrowAnyException();
  }

  @Test
  void anotherMeshsRootDoesNotTrustTheChain() {
    TestPki otherMesh = TestPki.forCluster("cluster1");

    assertThatThrownBy(
            () -> validate(otherMesh.root.certificate(), pki.workload("sleep"), pki.intermediate()))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void pathLengthZeroForbidsACaBelowTheIntermediate() {
    TestPki.SubCa subCa = pki.subCa();

    assertThatThrownBy(
            () ->
                validate(
                    pki.root.certificate(),
                    subCa.workload(),
                    subCa.certificate(),
                    pki.intermediate()))
        .isInstanceOf(CertPathValidatorException.class)
        .hasMessageContaining("pathLenConstraint");
  }

  /** Validates {@code chain} (leaf first) against {@code root} at the test's "now". */
  private static void validate(X509Certificate root, X509Certificate... chain) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(TestPki.NOW));
    CertPathValidator.getInstance("PKIX")
        .validate(
            CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain)), parameters);
  }
}
