package io.meshfed.hub.messaging;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.hub.ca.IntermediateIssuer;
import io.meshfed.hub.intake.CsrTriage;
import io.meshfed.hub.registry.MemberTrust;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.ca.IssuedIntermediate;
import java.time.Instant;

/**
 * Decides a report's intermediate CA request against the member's identity, and signs it if it is
 * due. Counts and logs nothing: the decision is made again if the identity changes before the
 * report is taken in.
 */
final class IntermediateRequests {

  private final IntermediateIssuer issuer;

  IntermediateRequests(IntermediateIssuer issuer) {
    this.issuer = issuer;
  }

  ArrivedStatus.Csr decide(MemberTrust trust, ClusterStatus status, Instant now) {
    String basedOn = trust.intermediateCertificate();
    CsrTriage.Action action = CsrTriage.decide(trust, status, issuer.renewal(), now);
    if (action != CsrTriage.Action.SIGN) {
      return new ArrivedStatus.Csr(basedOn, action, null, null, null);
    }
    try {
      IssuedIntermediate issued =
          issuer.issue(status.meshId(), status.clusterName(), status.intermediateCsr());
      return new ArrivedStatus.Csr(basedOn, action, issued, null, null);
    } catch (MaterialRejectedException e) {
      return new ArrivedStatus.Csr(basedOn, action, null, e, null);
    } catch (IllegalStateException e) {
      return new ArrivedStatus.Csr(basedOn, action, null, null, e);
    }
  }
}
