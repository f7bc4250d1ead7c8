package io.meshfed.security.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.security.Pem;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IntermediateCsrTest {

  @ParameterizedTest
  @EnumSource(CaKeyType.class)
  void requestNamesTheClusterAndIsSignedByItsKey(CaKeyType keyType) throws Exception {
    IntermediateCsr csr = IntermediateCsr.generate("cluster1", keyType);

    PKCS10CertificationRequest request = Pem.certificateRequest(csr.csrPem(), "csr");
    assertThat(csr.csrPem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n");
    assertThat(request.getSubject().toString()).isEqualTo("O=Istio,CN=Intermediate CA,L=cluster1");
    assertThat(
            request.isSignatureValid(
                new JcaContentVerifierProviderBuilder().build(IntermediateCsr.publicKey(request))))
        .isTrue();
    Extensions requested =
        Extensions.getInstance(
            request
                .getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0]
                .getAttrValues()
                .getObjectAt(0));
    assertThat(GeneralNames.fromExtensions(requested, Extension.subjectAlternativeName).getNames())
        .containsExactly(new GeneralName(GeneralName.dNSName, "istiod.istio-system.svc"));
  }

  @Test
  void privateKeyIsPkcs8AndBelongsToTheRequest() {
    IntermediateCsr csr = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256);

    assertThat(csr.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(
            CaKeys.matches(
                Pem.privateKey(csr.privateKeyPem(), "key"),
                IntermediateCsr.publicKey(Pem.certificateRequest(csr.csrPem(), "csr"))))
        .isTrue();
  }

  @Test
  void aPendingRequestReadsBackFromItsSecret() {
    IntermediateCsr csr = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256);

    IntermediateCsr reloaded =
        IntermediateCsr.fromPem("cluster1", csr.privateKeyPem(), csr.csrPem());

    assertThat(reloaded.csrPem()).isEqualTo(csr.csrPem());
    assertThat(reloaded.privateKeyPem()).isEqualTo(csr.privateKeyPem());
    assertThat(reloaded.clusterName()).isEqualTo("cluster1");
  }

  @Test
  void aPendingRequestWithAnotherKeyIsRefused() {
    IntermediateCsr csr = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256);
    IntermediateCsr other = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256);

    assertThatThrownBy(
            () -> IntermediateCsr.fromPem("cluster1", other.privateKeyPem(), csr.csrPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("intermediate private key does not belong to the intermediate CSR");
  }

  @Test
  void aPendingRequestForAnotherClusterIsRefused() {
    IntermediateCsr csr = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256);

    assertThatThrownBy(() -> IntermediateCsr.fromPem("cluster2", csr.privateKeyPem(), csr.csrPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not cluster cluster2");
  }

  @Test
  void aClusterNameThatIsNotADnsLabelIsRefused() {
    assertThatThrownBy(() -> IntermediateCsr.generate("Cluster_1", CaKeyType.EC_P256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clusterName 'Cluster_1' is not a DNS-1123 label");
  }

  @Test
  void neverPrintsItsKey() {
    assertThat(IntermediateCsr.generate("cluster1", CaKeyType.EC_P256).toString())
        .isEqualTo("IntermediateCsr[cluster1]");
  }
}
