package io.meshfed.sandbox.cluster.istiod;

import io.fabric8.kubernetes.api.model.Secret;
import io.meshfed.security.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How istiod reads its CA at start ({@code pilot/pkg/bootstrap/istio_ca.go}, {@code
 * security/pkg/pki/ca/ca.go} {@code NewPluggedCertIstioCAOptions}): with a {@code cacerts} Secret
 * in its namespace it is a plugged-in CA and needs all of {@code ca-cert.pem}, {@code ca-key.pem},
 * {@code cert-chain.pem} and {@code root-cert.pem}, the CA certificate verifiable by the root;
 * anything less and istiod does not start. Without {@code cacerts} it signs with a self-signed root
 * it keeps in {@code istio-ca-secret}. Pure.
 */
public final class PluggedInCa {

  /** The keys of {@code cacerts}. */
  public static final List<String> KEYS =
      List.of("ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem");

  private PluggedInCa() {}

  /** The root istiod signs under, or why it cannot start with this {@code cacerts}. */
  public record Outcome(Optional<String> rootPem, Optional<String> failure) {}

  public static Outcome read(Secret cacerts) {
    Map<String, String> data = cacerts.getData() == null ? Map.of() : cacerts.getData();
    for (String key : KEYS) {
      if (data.get(key) == null || data.get(key).isBlank()) {
        return failed("cacerts has no " + key);
      }
    }
    String root = decode(data.get("root-cert.pem"));
    String ca = decode(data.get("ca-cert.pem"));
    try {
      X509Certificate rootCert = Pem.certificate(root, "root-cert.pem");
      X509Certificate caCert = Pem.certificate(ca, "ca-cert.pem");
      verifiedBy(caCert, rootCert, decode(data.get("cert-chain.pem")));
      Pem.privateKey(decode(data.get("ca-key.pem")), "ca-key.pem");
      return new Outcome(Optional.of(root), Optional.empty());
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return failed("cacerts is not a usable CA: " + e.getMessage());
    }
  }

  private static void verifiedBy(X509Certificate ca, X509Certificate root, String chainPem)
      throws GeneralSecurityException {
    if (ca.getSubjectX500Principal().equals(root.getSubjectX500Principal())
        && ca.getPublicKey().equals(root.getPublicKey())) {
      return;
    }
    List<X509Certificate> chain = Pem.certificates(chainPem, "cert-chain.pem");
    X509Certificate issuer = ca;
    for (X509Certificate next : chain) {
      if (next.equals(ca)) {
        continue;
      }
      issuer.verify(next.getPublicKey());
      issuer = next;
    }
    issuer.verify(root.getPublicKey());
  }

  private static Outcome failed(String why) {
    return new Outcome(Optional.empty(), Optional.of(why));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
