package io.meshfed.agent.security;

import io.meshfed.events.model.DesiredMembership;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.CsrSigner;
import io.meshfed.security.ca.IssuedIntermediate;
import io.meshfed.security.ca.MeshRootCa;
import java.time.Clock;
import java.time.Duration;

/** A mesh root as the hub keeps it, signing intermediate requests as the hub does. */
public final class TestCa {

  private final MeshRootCa root;
  private final CsrSigner signer;

  public TestCa(String meshId, Clock clock) {
    this.root = MeshRootCa.generate(meshId, CaKeyType.EC_P256, Duration.ofDays(3650), clock);
    this.signer = new CsrSigner(root, Duration.ofDays(365), clock);
  }

  public TestCa(String meshId) {
    this(meshId, Clock.systemUTC());
  }

  /** The intermediate the hub issues for a cluster's request. */
  public IssuedIntermediate sign(String cluster, String csrPem) {
    try {
      return signer.sign(cluster, csrPem);
    } catch (MaterialRejectedException e) {
      throw new AssertionError("the hub refused the request: " + e.getMessage(), e);
    }
  }

  /**
   * The desired record the hub writes once it signed the cluster's request: the same record with
   * the issued intermediate and the root.
   */
  public DesiredMembership answer(DesiredMembership desired, String csrPem) {
    IssuedIntermediate issued = sign(desired.clusterName(), csrPem);
    return new DesiredMembership(
        desired.meshId(),
        desired.clusterName(),
        desired.role(),
        desired.network(),
        desired.controlPlaneCluster(),
        desired.istioVersion(),
        desired.cni(),
        desired.gatewayPlacement(),
        desired.apiServerUrl(),
        desired.generation(),
        desired.epoch(),
        desired.signingPublicKey(),
        issued.certificatePem(),
        issued.rootCertificatePem(),
        desired.apiServerTlsServerName(),
        desired.externalIstiod());
  }

  public String rootPem() {
    return root.certificatePem();
  }
}
