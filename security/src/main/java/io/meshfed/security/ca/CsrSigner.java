package io.meshfed.security.ca;

import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.Names;
import io.meshfed.security.Pem;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The hub's side of the trust chain: signs a cluster's intermediate CA request with the mesh's
 * root.
 *
 * <p>It checks the request's own signature (the requester holds the key), that it names the cluster
 * the request arrived for, and that its key is one a CA may hold. It copies nothing else from the
 * request: the certificate it issues has the subject {@code O=Istio, CN=Intermediate CA,
 * L=<cluster>}, basic constraints CA:true with path length 0, key usage keyCertSign + cRLSign (both
 * critical), the DNS name {@code istiod.istio-system.svc}, and a validity of at most the configured
 * lifetime that never outlives the root. Its start is set a few minutes back to absorb clock skew
 * between the hub and the cluster.
 */
public final class CsrSigner {

  /** How far before "now" an issued intermediate starts, for clusters whose clock runs behind. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final MeshRootCa root;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * @param root the mesh's root CA
   * @param lifetime how long an intermediate is valid (Istio's tooling uses two years)
   * @param clock the time source
   */
  public CsrSigner(MeshRootCa root, Duration lifetime, Clock clock) {
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("intermediate lifetime must be positive, got " + lifetime);
    }
    this.root = root;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /**
   * Signs the request a cluster sent for its intermediate CA.
   *
   * @param clusterName the cluster the request is for (the status record's key)
   * @param csrPem the PKCS#10 request in PEM
   * @throws MaterialRejectedException {@code MalformedCsr}, {@code CsrSignatureInvalid}, {@code
   *     WrongCluster}, {@code WeakKey} or {@code RootExpired}
   * @throws IllegalArgumentException if {@code clusterName} is not a DNS-1123 label
   */
  public IssuedIntermediate sign(String clusterName, String csrPem)
      throws MaterialRejectedException {
    Names.requireClusterName(clusterName, "clusterName");
    PKCS10CertificationRequest request;
    PublicKey publicKey;
    try {
      request = Pem.certificateRequest(csrPem, "csr");
      publicKey = IntermediateCsr.publicKey(request);
    } catch (IllegalArgumentException e) {
      throw new MaterialRejectedException(
          "MalformedCsr",
          "the CSR of cluster " + clusterName + " cannot be read: " + e.getMessage());
    }
    if (!signatureValid(request, publicKey)) {
      throw new MaterialRejectedException(
          "CsrSignatureInvalid",
          "the CSR of cluster " + clusterName + " is not signed by the key it carries");
    }
    X500Name expected = CaSubjects.intermediate(clusterName);
    if (!expected.equals(request.getSubject())) {
      throw new MaterialRejectedException(
          "WrongCluster",
          "the CSR names '"
              + request.getSubject()
              + "' but the request is for cluster "
              + clusterName
              + " (expected '"
              + expected
              + "')");
    }
    var weak = CaKeys.unacceptable(publicKey);
    if (weak.isPresent()) {
      throw new MaterialRejectedException(
          "WeakKey", "the CSR of cluster " + clusterName + " carries " + weak.get());
    }

    X509Certificate rootCertificate = root.certificate();
    Instant now = clock.instant();
    Instant rootStart = rootCertificate.getNotBefore().toInstant();
    Instant rootEnd = rootCertificate.getNotAfter().toInstant();
    if (!now.isBefore(rootEnd)) {
      throw new MaterialRejectedException(
          "RootExpired", "the mesh's root CA expired at " + rootEnd + "; rotate the root first");
    }
    Instant notBefore = latest(now.minus(CLOCK_SKEW), rootStart);
    Instant notAfter = earliest(now.plus(lifetime), rootEnd);
    X509Certificate certificate =
        CaCertificates.issue(
            rootCertificate,
            root.privateKey(),
            expected,
            publicKey,
            0,
            CaSubjects.ISTIOD_DNS_NAME,
            notBefore,
            notAfter);
    return new IssuedIntermediate(
        clusterName,
        Pem.encode(certificate),
        Pem.encode(rootCertificate),
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant());
  }

  private static boolean signatureValid(PKCS10CertificationRequest request, PublicKey key) {
    try {
      return request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
    } catch (OperatorCreationException | PKCSException e) {
      return false;
    }
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
