package io.meshfed.sandbox.cluster.apiserver;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.concurrent.TimeUnit;

/**
 * The TLS endpoint of a simulated API server: terminates TLS with the cluster's own serving
 * certificate ({@link ClusterPki}) and passes the bytes to the mock API server behind it, which
 * speaks plain HTTP on the loopback interface. The mock's built-in HTTPS presents a certificate for
 * {@code localhost} only, without subject alternative names, which no strict client (Go's, or
 * Java's with host name verification) accepts for the address a kubeconfig names.
 *
 * <p>All fronts share one event loop; it stops when the last front closes.
 */
public final class TlsFront implements AutoCloseable {

  private static Vertx shared;
  private static int users;

  private final NetServer server;
  private final NetClient backend;

  private TlsFront(NetServer server, NetClient backend) {
    this.server = server;
    this.backend = backend;
  }

  /**
   * Listens on {@code host:0} with the given certificate and forwards every connection to {@code
   * host:backendPort}.
   */
  public static TlsFront start(String host, int backendPort, ClusterPki pki) {
    Vertx vertx = acquire();
    NetClient backend = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
    NetServer server =
        vertx.createNetServer(
            new NetServerOptions()
                .setHost(host)
                .setPort(0)
                .setTcpNoDelay(true)
                .setSsl(true)
                .setKeyCertOptions(
                    new PemKeyCertOptions()
                        .addCertValue(Buffer.buffer(pki.certificatePem()))
                        .addKeyValue(Buffer.buffer(pki.keyPem()))));
    server.connectHandler(front -> forward(front, backend, host, backendPort));
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      backend.close();
      release();
      throw new IllegalStateException("the TLS front of the API server did not start", e);
    }
    return new TlsFront(server, backend);
  }

  /** The port clients connect to. */
  public int port() {
    return server.actualPort();
  }

  private static void forward(NetSocket front, NetClient backend, String host, int port) {
    front.pause();
    backend
        .connect(port, host)
        .onSuccess(
            back -> {
              front.pipeTo(back);
              back.pipeTo(front);
              front.resume();
            })
        .onFailure(e -> front.close());
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // stopping anyway
    }
    backend.close();
    release();
  }

  private static synchronized Vertx acquire() {
    if (shared == null) {
      shared = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
    }
    users++;
    return shared;
  }

  private static synchronized void release() {
    users--;
    if (users == 0 && shared != null) {
      shared.close();
      shared = null;
    }
  }
}
