package io.meshfed.sandbox.cluster.apiserver;

import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;

/**
 * Puts a simulated cluster's own serving certificate ({@link ClusterPki}) on the mock API server's
 * HTTPS listener, so that clients connect to the store's server directly over TLS.
 *
 * <p>The Fabric8 mock's {@code useHttps()} presents a self-signed certificate for {@code localhost}
 * without subject alternative names, which no strict client (Go's, or Java's with host name
 * verification) accepts for the address a kubeconfig names, and the mock offers no way to choose
 * the certificate. Vert.x lets a running server take new TLS options ({@link
 * HttpServer#updateSSLOptions}); the mock keeps its server in a private field, reached here by
 * reflection (mockwebserver 7.5.2, pinned by the project's BOM). If a later version renames the
 * field, every simulated API server fails to start with this class named in the error.
 *
 * <p>Before this, a TLS proxy in front of the mock terminated TLS and opened a second connection
 * per client connection: four file descriptors per in-process connection instead of two, which put
 * a 100-cluster sandbox over the process's open-file limit.
 */
final class ServingCertificate {

  private ServingCertificate() {}

  /**
   * Replaces the certificate of {@code web}, started with {@code useHttps()}, with the cluster's.
   */
  static void install(MockWebServer web, ClusterPki pki) {
    HttpServer server = httpServer(web);
    SSLOptions options =
        new SSLOptions()
            .setKeyCertOptions(
                new PemKeyCertOptions()
                    .addCertValue(Buffer.buffer(pki.certificatePem()))
                    .addKeyValue(Buffer.buffer(pki.keyPem())));
    try {
      Boolean updated =
          server
              .updateSSLOptions(options, true)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      if (!Boolean.TRUE.equals(updated)) {
        throw new IllegalStateException("the mock API server kept its own certificate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting the serving certificate", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "the mock API server did not take the cluster's certificate", e);
    }
  }

  private static HttpServer httpServer(MockWebServer web) {
    try {
      Field field = MockWebServer.class.getDeclaredField("httpServer");
      field.setAccessible(true);
      return (HttpServer) field.get(web);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "ServingCertificate: this mockwebserver version keeps no HttpServer in 'httpServer'", e);
    }
  }
}
