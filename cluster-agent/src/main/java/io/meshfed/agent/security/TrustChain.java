package io.meshfed.agent.security;

import io.meshfed.events.model.Condition;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.Pem;
import io.meshfed.security.ca.CaCertsBundle;
import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.ca.RenewalPolicy;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what the cluster's {@code cacerts} should hold and whether an intermediate CA request
 * must be out, from what the cluster holds, the pending request and what the hub sent. Pure: the
 * time is passed in.
 *
 * <ul>
 *   <li>The hub's certificate fits the pending key and chains to its root: {@code cacerts} gets it.
 *   <li>A {@code cacerts} meshfed did not write is the platform's: used as it is, never replaced.
 *   <li>A {@code cacerts} meshfed wrote is kept; once it is due for renewal a new request goes out
 *       while it stays in use.
 *   <li>No usable {@code cacerts}: a request goes out, and Istio waits (see {@link
 *       Plan#caReady()}).
 * </ul>
 */
public final class TrustChain {

  /** The condition type in the status. */
  public static final String CONDITION = "TrustChain";

  public static final String INSTALLED = "Installed";
  public static final String RENEWING = "Renewing";
  public static final String PROVIDED_EXTERNALLY = "ProvidedExternally";
  public static final String WAITING_FOR_INTERMEDIATE = "WaitingForIntermediate";

  /**
   * The {@code cacerts} Secret as the cluster holds it.
   *
   * @param entries its entries as text
   * @param writtenByMeshfed whether meshfed created it ({@code app.kubernetes.io/managed-by})
   */
  public record LiveCaCerts(Map<String, String> entries, boolean writtenByMeshfed) {}

  /**
   * What to do.
   *
   * @param bundle what {@code cacerts} must hold; empty when meshfed does not write it (it is the
   *     platform's, or there is nothing to write yet)
   * @param caReady whether a usable {@code cacerts} is in place once {@code bundle} is written:
   *     Istio is installed only then, so that istiod never starts with a CA of its own
   * @param requestNeeded whether an intermediate request must be pending and reported
   * @param notAfter the expiry of the intermediate istiod uses
   * @param installsIssued whether {@code bundle} is the hub's answer to the pending request
   * @param condition the {@link #CONDITION} condition (without a transition time)
   */
  public record Plan(
      Optional<CaCertsBundle> bundle,
      boolean caReady,
      boolean requestNeeded,
      Optional<Instant> notAfter,
      boolean installsIssued,
      Condition condition) {}

  private TrustChain() {}

  /** The condition reason of a member that runs no istiod. */
  public static final String NOT_NEEDED = "NotNeeded";

  /**
   * A remote runs no istiod, so it signs no workload certificate: no {@code cacerts}, no
   * intermediate CA request, and its {@code Istio} does not wait for either; its workloads'
   * certificates come from the primary's istiod.
   */
  public static Plan notNeeded() {
    return new Plan(
        Optional.empty(),
        true,
        false,
        Optional.empty(),
        false,
        new Condition(
            CONDITION,
            Condition.TRUE,
            NOT_NEEDED,
            "a remote runs no istiod: its workloads get their certificates from its primary",
            null));
  }

  /**
   * @param live the cluster's {@code cacerts}, if it exists
   * @param pending the intermediate request waiting for the hub, if one is out
   * @param issuedCertificate the intermediate the hub issued ({@code
   *     DesiredMembership.intermediateCertificate}), or null
   * @param rootCertificate the mesh's root ({@code DesiredMembership.rootCertificate}), or null
   */
  public static Plan plan(
      Optional<LiveCaCerts> live,
      Optional<IntermediateCsr> pending,
      String issuedCertificate,
      String rootCertificate,
      RenewalPolicy renewal,
      Instant now) {
    MaterialRejectedException refused = null;
    if (pending.isPresent() && !blank(issuedCertificate) && !blank(rootCertificate)) {
      try {
        CaCertsBundle issued =
            CheckedCaCerts.of(issuedCertificate, pending.get().privateKeyPem(), rootCertificate);
        Instant notAfter = notAfter(issued.caCertPem()).orElse(null);
        return new Plan(
            Optional.of(issued),
            true,
            false,
            Optional.ofNullable(notAfter),
            true,
            condition(
                true,
                INSTALLED,
                "cacerts holds the intermediate CA the hub issued, valid until " + notAfter));
      } catch (MaterialRejectedException e) {
        // KeyMismatch: the hub's answer to an earlier request; the current one is still out
        if (!"KeyMismatch".equals(e.reason())) {
          refused = e;
        }
      }
    }
    if (live.isPresent() && !live.get().writtenByMeshfed()) {
      Optional<Instant> notAfter =
          notAfter(live.get().entries().getOrDefault(CaCertsBundle.CA_CERT, ""));
      return new Plan(
          Optional.empty(),
          true,
          false,
          notAfter,
          false,
          condition(
              true,
              PROVIDED_EXTERNALLY,
              "cacerts was not written by meshfed: istiod uses it as it is, and meshfed neither"
                  + " renews nor replaces it"));
    }
    if (live.isPresent()) {
      Map<String, String> entries = live.get().entries();
      try {
        CaCertsBundle current =
            CheckedCaCerts.of(
                entries.get(CaCertsBundle.CA_CERT),
                entries.get(CaCertsBundle.CA_KEY),
                entries.get(CaCertsBundle.ROOT_CERT));
        X509Certificate certificate = Pem.certificate(current.caCertPem(), CaCertsBundle.CA_CERT);
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (renewal.isDue(certificate, now)) {
          return new Plan(
              Optional.of(current),
              true,
              true,
              Optional.of(notAfter),
              false,
              condition(
                  true,
                  RENEWING,
                  "the intermediate CA expires at "
                      + notAfter
                      + ": a new one is requested from the hub"
                      + refusal(refused)));
        }
        return new Plan(
            Optional.of(current),
            true,
            false,
            Optional.of(notAfter),
            false,
            condition(
                true,
                INSTALLED,
                "cacerts holds the intermediate CA, valid until "
                    + notAfter
                    + ", renewed from "
                    + renewal.renewAt(certificate)));
      } catch (MaterialRejectedException | IllegalArgumentException e) {
        // a cacerts meshfed wrote that no longer fits together: ask for a new intermediate
      }
    }
    String reason = refused != null ? refused.reason() : WAITING_FOR_INTERMEDIATE;
    String message =
        refused != null
            ? "the intermediate CA the hub sent was refused: "
                + refused.getMessage()
                + "; Istio waits for cacerts"
            : "waiting for the hub to sign the intermediate CA request; Istio waits for cacerts";
    return new Plan(
        Optional.empty(), false, true, Optional.empty(), false, condition(false, reason, message));
  }

  private static String refusal(MaterialRejectedException refused) {
    return refused == null
        ? ""
        : " (the hub's last answer was refused: " + refused.getMessage() + ")";
  }

  private static Optional<Instant> notAfter(String certificatePem) {
    try {
      return Optional.of(
          Pem.certificate(certificatePem, CaCertsBundle.CA_CERT).getNotAfter().toInstant());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Condition condition(boolean status, String reason, String message) {
    return new Condition(
        CONDITION, status ? Condition.TRUE : Condition.FALSE, reason, message, null);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
