package io.meshfed.security.ca;

import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.Pem;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four entries of Istio's {@code cacerts} Secret in {@code istio-system}, which istiod reads as
 * its plug-in CA: the cluster's intermediate certificate and key, the mesh's root, and the chain
 * from the intermediate to the root.
 *
 * @param caCertPem {@code ca-cert.pem}: the intermediate CA certificate
 * @param caKeyPem {@code ca-key.pem}: the intermediate's private key (PKCS#8)
 * @param rootCertPem {@code root-cert.pem}: the mesh's root certificate
 * @param certChainPem {@code cert-chain.pem}: the intermediate, then the root
 */
public record CaCertsBundle(
    String caCertPem, String caKeyPem, String rootCertPem, String certChainPem) {

  /** The Secret istiod reads its plug-in CA from. */
  public static final String SECRET_NAME = "cacerts";

  public static final String CA_CERT = "ca-cert.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String ROOT_CERT = "root-cert.pem";
  public static final String CERT_CHAIN = "cert-chain.pem";

  /**
   * Assembles the bundle after checking that the pieces fit: the intermediate is a CA signed by the
   * root, the root is self-signed, and the key belongs to the intermediate.
   *
   * @param caCertPem the intermediate certificate the hub issued
   * @param caKeyPem the intermediate's private key, made in this cluster
   * @param rootCertPem the mesh's root certificate the hub sent
   * @throws MaterialRejectedException {@code MalformedPem}, {@code ChainInvalid} or {@code
   *     KeyMismatch}
   */
  public static CaCertsBundle of(String caCertPem, String caKeyPem, String rootCertPem)
      throws MaterialRejectedException {
    X509Certificate intermediate;
    X509Certificate root;
    PrivateKey key;
    try {
      intermediate = Pem.certificate(caCertPem, CA_CERT);
      root = Pem.certificate(rootCertPem, ROOT_CERT);
      key = Pem.privateKey(caKeyPem, CA_KEY);
    } catch (IllegalArgumentException e) {
      throw new MaterialRejectedException("MalformedPem", e.getMessage());
    }
    if (intermediate.getBasicConstraints() < 0) {
      throw new MaterialRejectedException("ChainInvalid", CA_CERT + " is not a CA certificate");
    }
    if (!root.getSubjectX500Principal().equals(root.getIssuerX500Principal())
        || !verifies(root, root)) {
      throw new MaterialRejectedException("ChainInvalid", ROOT_CERT + " is not a self-signed root");
    }
    if (!intermediate.getIssuerX500Principal().equals(root.getSubjectX500Principal())
        || !verifies(intermediate, root)) {
      throw new MaterialRejectedException(
          "ChainInvalid", CA_CERT + " is not signed by the root in " + ROOT_CERT);
    }
    if (!CaKeys.matches(key, intermediate.getPublicKey())) {
      throw new MaterialRejectedException(
          "KeyMismatch", CA_KEY + " does not belong to the certificate in " + CA_CERT);
    }
    return new CaCertsBundle(
        Pem.encode(intermediate),
        Pem.encode(key),
        Pem.encode(root),
        Pem.encode(List.of(intermediate, root)));
  }

  /** The Secret's data, keyed by file name, in the order Istio's documentation lists them. */
  public Map<String, String> secretData() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(CA_CERT, caCertPem);
    data.put(CA_KEY, caKeyPem);
    data.put(ROOT_CERT, rootCertPem);
    data.put(CERT_CHAIN, certChainPem);
    return java.util.Collections.unmodifiableMap(data);
  }

  /** Names the entries; never prints the key. */
  @Override
  public String toString() {
    return "CaCertsBundle["
        + CA_CERT
        + ", "
        + CA_KEY
        + " (hidden), "
        + ROOT_CERT
        + ", "
        + CERT_CHAIN
        + "]";
  }

  private static boolean verifies(X509Certificate certificate, X509Certificate issuer) {
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
