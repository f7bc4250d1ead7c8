package io.meshfed.sandbox.cluster.apiserver;

import io.meshfed.security.Pem;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies an API server's serving certificate as a TLS client (client-go, {@code crypto/tls})
 * would on connecting: the chain against the CA bundle the client holds, and the certificate's
 * subject alternative names against the name the client expects (the URL's host, or the
 * kubeconfig's {@code tls-server-name}): an exact DNS name or IP, or a {@code *.} wildcard for one
 * leftmost label. The common name is not a name, as for Go since 1.15.
 */
public final class TlsVerification {

  /**
   * Accepted (certificate, CA bundle, name) triples, until the earliest {@code notAfter} in them: a
   * verdict depends on nothing else, and an expired certificate must be refused again.
   */
  private static final Map<String, Instant> ACCEPTED = new ConcurrentHashMap<>();

  private static final int ACCEPTED_LIMIT = 20_000;

  private TlsVerification() {}

  /**
   * @param serverCertificatePem the certificate the server presents
   * @param caPem the client's CA bundle
   * @param expectedName the host or {@code tls-server-name} the client verifies
   * @return why the client refuses the server, or empty when it accepts it
   */
  public static Optional<String> refusal(
      String serverCertificatePem, String caPem, String expectedName) {
    String key = serverCertificatePem + "\n" + caPem + "\n" + expectedName;
    Instant until = ACCEPTED.get(key);
    if (until != null && Instant.now().isBefore(until)) {
      return Optional.empty();
    }
    Optional<String> refusal = verify(serverCertificatePem, caPem, expectedName);
    if (refusal.isEmpty()) {
      if (ACCEPTED.size() > ACCEPTED_LIMIT) {
        ACCEPTED.clear();
      }
      ACCEPTED.put(key, earliestExpiry(serverCertificatePem, caPem));
    }
    return refusal;
  }

  private static Instant earliestExpiry(String serverCertificatePem, String caPem) {
    Instant earliest =
        Pem.certificate(serverCertificatePem, "server certificate").getNotAfter().toInstant();
    for (X509Certificate ca : Pem.certificates(caPem, "certificate-authority-data")) {
      Instant notAfter = ca.getNotAfter().toInstant();
      if (notAfter.isBefore(earliest)) {
        earliest = notAfter;
      }
    }
    return earliest;
  }

  private static Optional<String> verify(
      String serverCertificatePem, String caPem, String expectedName) {
    X509Certificate server = Pem.certificate(serverCertificatePem, "server certificate");
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : Pem.certificates(caPem, "certificate-authority-data")) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
      trust.checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA");
    } catch (IllegalArgumentException e) {
      return Optional.of("x509: the CA bundle cannot be read: " + e.getMessage());
    } catch (GeneralSecurityException | java.io.IOException e) {
      return Optional.of("x509: certificate signed by unknown authority");
    }
    if (!names(server).stream().anyMatch(n -> matches(n, expectedName))) {
      return Optional.of(
          "x509: certificate is valid for "
              + String.join(", ", names(server))
              + ", not "
              + expectedName);
    }
    return Optional.empty();
  }

  private static List<String> names(X509Certificate certificate) {
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives == null) {
        return List.of();
      }
      return alternatives.stream()
          .filter(
              a ->
                  a.size() == 2
                      && (Integer.valueOf(2).equals(a.get(0))
                          || Integer.valueOf(7).equals(a.get(0))))
          .map(a -> a.get(1).toString())
          .toList();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private static boolean matches(String san, String name) {
    String host = name.toLowerCase(Locale.ROOT);
    String pattern = san.toLowerCase(Locale.ROOT);
    if (isIp(host) || isIp(pattern)) {
      return isIp(host) && isIp(pattern) && sameAddress(host, pattern);
    }
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return pattern.equals(host);
  }

  private static boolean isIp(String s) {
    return s.matches("[0-9.]+") || s.contains(":");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
