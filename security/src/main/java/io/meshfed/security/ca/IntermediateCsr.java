package io.meshfed.security.ca;

import io.meshfed.security.Names;
import io.meshfed.security.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The agent's side of the trust chain: the key pair of its cluster's intermediate CA, made inside
 * the cluster, and the PKCS#10 request it sends (in its status) for the hub to sign. The request's
 * subject is {@code O=Istio, CN=Intermediate CA, L=<cluster>} and it asks for the DNS name {@code
 * istiod.istio-system.svc}, as Istio's tooling for plug-in CA certificates does.
 *
 * <p>The private key stays in the cluster: keep {@link #privateKeyPem()} in a Secret until the
 * signed certificate arrives, then write it as {@code ca-key.pem} of {@code cacerts}.
 */
public final class IntermediateCsr {

  private final String clusterName;
  private final PrivateKey privateKey;
  private final PKCS10CertificationRequest request;

  private IntermediateCsr(
      String clusterName, PrivateKey privateKey, PKCS10CertificationRequest request) {
    this.clusterName = clusterName;
    this.privateKey = privateKey;
    this.request = request;
  }

  /**
   * A new key pair of {@code keyType} and a request for the intermediate of {@code clusterName}.
   */
  public static IntermediateCsr generate(String clusterName, CaKeyType keyType) {
    Names.requireClusterName(clusterName, "clusterName");
    var keys = keyType.generate();
    try {
      ExtensionsGenerator requested = new ExtensionsGenerator();
      requested.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, CaSubjects.ISTIOD_DNS_NAME)));
      PKCS10CertificationRequest request =
          new JcaPKCS10CertificationRequestBuilder(
                  CaSubjects.intermediate(clusterName), keys.getPublic())
              .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested.generate())
              .build(
                  new JcaContentSignerBuilder(CaKeys.signatureAlgorithm(keys.getPublic()))
                      .build(keys.getPrivate()));
      return new IntermediateCsr(clusterName, keys.getPrivate(), request);
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build a certificate request for " + clusterName, e);
    }
  }

  /**
   * A pending request read back (after a restart) from the Secret that kept it.
   *
   * @throws IllegalArgumentException if the key does not belong to the request, or the request does
   *     not name {@code clusterName}
   */
  public static IntermediateCsr fromPem(String clusterName, String privateKeyPem, String csrPem) {
    Names.requireClusterName(clusterName, "clusterName");
    PrivateKey key = Pem.privateKey(privateKeyPem, "intermediate private key");
    PKCS10CertificationRequest request = Pem.certificateRequest(csrPem, "intermediate CSR");
    if (!CaSubjects.intermediate(clusterName).equals(request.getSubject())) {
      throw new IllegalArgumentException(
          "intermediate CSR names '" + request.getSubject() + "', not cluster " + clusterName);
    }
    if (!CaKeys.matches(key, publicKey(request))) {
      throw new IllegalArgumentException(
          "intermediate private key does not belong to the intermediate CSR");
    }
    return new IntermediateCsr(clusterName, key, request);
  }

  /** The cluster the request is for. */
  public String clusterName() {
    return clusterName;
  }

  /** The request as PEM ({@code CERTIFICATE REQUEST}): safe to publish. */
  public String csrPem() {
    return Pem.encode(request);
  }

  /** The intermediate's private key as PKCS#8 PEM: for a Secret of this cluster only. */
  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  @Override
  public String toString() {
    return "IntermediateCsr[" + clusterName + "]";
  }

  static PublicKey publicKey(PKCS10CertificationRequest request) {
    try {
      return new JcaPKCS10CertificationRequest(request)
          .setProvider(CaKeys.BOUNCY_CASTLE)
          .getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the request's public key cannot be read: " + e.getMessage(), e);
    }
  }
}
