package io.meshfed.hub.intake;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.hub.registry.MemberTrust;
import io.meshfed.security.Pem;
import io.meshfed.security.ca.RenewalPolicy;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;

/**
 * Decides what to do with the intermediate CA request a status carries. A request for the key of
 * the intermediate already issued has been answered; a request for a new key is signed when nothing
 * was issued yet, when the issued intermediate is due for renewal, or when the agent does not hold
 * it (it reports another or no {@code intermediateNotAfter}, e.g. after losing its pending key). An
 * agent that holds a current intermediate does not get a new one before renewal is due. Pure.
 */
public final class CsrTriage {

  /** What the hub does with the request. */
  public enum Action {
    /** No request, or it was answered: nothing to do. */
    NONE,
    /** Verify and sign it. */
    SIGN,
    /** A new key while the issued intermediate is held and not due: not yet. */
    DEFERRED
  }

  private CsrTriage() {}

  public static Action decide(
      MemberTrust trust, ClusterStatus status, RenewalPolicy renewal, Instant now) {
    String csr = status.intermediateCsr();
    if (csr == null || csr.isBlank()) {
      return Action.NONE;
    }
    if (trust.intermediateCertificate() == null) {
      return Action.SIGN;
    }
    X509Certificate issued;
    byte[] requestedKey;
    try {
      issued = Pem.certificate(trust.intermediateCertificate(), "intermediate certificate");
      requestedKey =
          Pem.certificateRequest(csr, "intermediateCsr").getSubjectPublicKeyInfo().getEncoded();
    } catch (IllegalArgumentException | IOException e) {
      // An unreadable request is the signer's to refuse, with its reason.
      return Action.SIGN;
    }
    if (Arrays.equals(issued.getPublicKey().getEncoded(), requestedKey)) {
      return Action.NONE;
    }
    if (renewal.isDue(issued, now)) {
      return Action.SIGN;
    }
    Instant held = status.intermediateNotAfter();
    if (held == null || !held.equals(issued.getNotAfter().toInstant())) {
      return Action.SIGN;
    }
    return Action.DEFERRED;
  }
}
