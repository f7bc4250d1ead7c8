package io.meshfed.security.ca;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * When a certificate is to be renewed: once {@code fraction} of its lifetime has passed (for
 * example 0.8: an intermediate valid for a year is renewed after about 292 days). Pure: the current
 * time is passed in.
 *
 * @param fraction of the lifetime after which renewal is due, strictly between 0 and 1
 */
public record RenewalPolicy(double fraction) {

  public RenewalPolicy {
    if (!(fraction > 0.0 && fraction < 1.0)) {
      throw new IllegalArgumentException(
          "renewal fraction must be strictly between 0 and 1, got " + fraction);
    }
  }

  /** The instant from which renewal is due for a certificate valid from notBefore to notAfter. */
  public Instant renewAt(Instant notBefore, Instant notAfter) {
    if (!notAfter.isAfter(notBefore)) {
      return notBefore;
    }
    long lifetimeMillis = Duration.between(notBefore, notAfter).toMillis();
    return notBefore.plusMillis((long) Math.floor(lifetimeMillis * fraction));
  }

  /** The instant from which renewal of this certificate is due. */
  public Instant renewAt(X509Certificate certificate) {
    return renewAt(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
  }

  /** Whether renewal is due at {@code now} (also when the certificate has expired). */
  public boolean isDue(Instant notBefore, Instant notAfter, Instant now) {
    return !now.isBefore(renewAt(notBefore, notAfter));
  }

  /** Whether renewal of this certificate is due at {@code now}. */
  public boolean isDue(X509Certificate certificate, Instant now) {
    return !now.isBefore(renewAt(certificate));
  }
}
