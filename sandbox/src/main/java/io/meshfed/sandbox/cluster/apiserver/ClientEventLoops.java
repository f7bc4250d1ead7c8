package io.meshfed.sandbox.cluster.apiserver;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;

/**
 * The Vert.x instance every client of a simulated API server in this JVM shares, as the agent's
 * clients share Quarkus's. fabric8's default HTTP client factory starts a Vert.x instance (event
 * loops, worker pools, a blocked-thread checker) per client, so the controllers of 100 simulated
 * clusters ran hundreds of them. It lives while at least one simulated API server does.
 */
final class ClientEventLoops {

  private static Vertx vertx;
  private static int servers;

  private ClientEventLoops() {}

  /** Called by each simulated API server when it starts. */
  static synchronized void acquire() {
    if (servers++ == 0) {
      vertx = Vertx.vertx();
    }
  }

  /** Called by each simulated API server when it stops. */
  static synchronized void release() {
    if (servers > 0 && --servers == 0) {
      vertx.close();
      vertx = null;
    }
  }

  /** An HTTP client factory on the shared instance; only while a server is running. */
  static synchronized HttpClient.Factory factory() {
    if (vertx == null) {
      throw new IllegalStateException("no simulated API server is running");
    }
    return new VertxHttpClientFactory(vertx);
  }
}
