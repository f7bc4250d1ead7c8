package io.meshfed.agent.security;

import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.ca.CaCertsBundle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link CaCertsBundle#of}, remembered. Checking a bundle costs several signature operations (the
 * root's, the intermediate's, and a probe that the key fits the certificate), and every reconcile
 * of every served cluster checks its {@code cacerts} again, although it rarely changes; the outcome
 * depends on the three PEM texts only. The outcomes of the latest {@value #MAX} distinct inputs are
 * kept (a hosted agent has one or two per cluster).
 */
final class CheckedCaCerts {

  private static final int MAX = 512;

  private record Input(String caCertPem, String caKeyPem, String rootCertPem) {}

  private record Outcome(CaCertsBundle bundle, String refusedReason, String refusedMessage) {}

  private static final Map<Input, Outcome> OUTCOMES =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Input, Outcome> eldest) {
          return size() > MAX;
        }
      };

  private CheckedCaCerts() {}

  /** As {@link CaCertsBundle#of}. */
  static CaCertsBundle of(String caCertPem, String caKeyPem, String rootCertPem)
      throws MaterialRejectedException {
    Input input = new Input(caCertPem, caKeyPem, rootCertPem);
    Outcome outcome;
    synchronized (OUTCOMES) {
      outcome = OUTCOMES.get(input);
    }
    if (outcome == null) {
      try {
        outcome = new Outcome(CaCertsBundle.of(caCertPem, caKeyPem, rootCertPem), null, null);
      } catch (MaterialRejectedException e) {
        outcome = new Outcome(null, e.reason(), e.getMessage());
      }
      synchronized (OUTCOMES) {
        OUTCOMES.put(input, outcome);
      }
    }
    if (outcome.bundle() == null) {
      throw new MaterialRejectedException(outcome.refusedReason(), outcome.refusedMessage());
    }
    return outcome.bundle();
  }
}
