package io.meshfed.sandbox.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The certificate a simulated API server presents, as the PEM bundle a cluster's token controller
 * puts into service-account token Secrets ({@code ca.crt}): the servers' certificates are
 * self-signed, so each is its own CA.
 */
final class ServerCertificate {

  private ServerCertificate() {}

  /** Connects to {@code host:port} over TLS, trusting whatever it presents, and returns it. */
  static String pem(String host, int port) {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {new AcceptAll()}, null);
      try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port)) {
        socket.startHandshake();
        Certificate[] chain = socket.getSession().getPeerCertificates();
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(chain[0].getEncoded())
            + "\n-----END CERTIFICATE-----\n";
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the certificate of " + host + ":" + port, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the certificate of " + host + ":" + port, e);
    }
  }

  /** Trusts any certificate, for any name: only to read what the server presents. */
  private static final class AcceptAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
