package io.meshfed.security.ca;

import java.time.Instant;

/**
 * What the hub sends a cluster (in its desired record) once it signed the cluster's request: the
 * intermediate certificate and the root it chains to. Public material only.
 *
 * @param clusterName the cluster the intermediate belongs to
 * @param certificatePem the intermediate CA certificate ({@code ca-cert.pem})
 * @param rootCertificatePem the mesh's root certificate ({@code root-cert.pem})
 * @param notBefore start of the intermediate's validity
 * @param notAfter end of the intermediate's validity
 */
public record IssuedIntermediate(
    String clusterName,
    String certificatePem,
    String rootCertificatePem,
    Instant notBefore,
    Instant notAfter) {

  /** The chain from the intermediate to the root ({@code cert-chain.pem}). */
  public String certChainPem() {
    return certificatePem + rootCertificatePem;
  }
}
