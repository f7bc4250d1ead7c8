package io.meshfed.sandbox.cluster.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshfed.sandbox.cluster.SharedSerialization;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * The API server of a simulated cluster: a Fabric8 CRUD mock on the loopback interface serving TLS
 * with the cluster's own certificates ({@link ClusterPki}, {@link ServingCertificate}), and in
 * front of the store the handler chain of a real server ({@link ApiServerDispatcher}): faults,
 * token authentication, RBAC, discovery, admission and validation.
 *
 * <p>Two credentials reach it with every right: the administrator token that kubeconfigs carry
 * (agents, {@code kubectl}, tests) and the internal token of the cluster's own simulated
 * controllers, which faults do not touch.
 */
public final class SimulatedApiServer implements AutoCloseable {

  /** The address every simulated API server listens on. */
  public static final String HOST = "127.0.0.1";

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The simulated servers' {@code --service-account-max-token-expiration}: a TokenRequest for
   * longer gets a token valid this long.
   */
  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(7);

  private final String cluster;
  private final KubernetesMockServer mock;
  private final ClusterPki pki;
  private final String adminToken;
  private final String internalToken;
  private final FaultInjector faults;
  private final ApiServerDispatcher chain;
  private final StoreReader reader;
  private final WatchSends watches;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SimulatedApiServer(
      String cluster,
      KubernetesMockServer mock,
      ClusterPki pki,
      String adminToken,
      String internalToken,
      FaultInjector faults,
      ApiServerDispatcher chain,
      StoreReader reader,
      WatchSends watches) {
    this.cluster = cluster;
    this.watches = watches;
    this.chain = chain;
    this.reader = reader;
    this.mock = mock;
    this.pki = pki;
    this.adminToken = adminToken;
    this.internalToken = internalToken;
    this.faults = faults;
  }

  /**
   * Starts the server.
   *
   * @param cluster the cluster's name
   * @param extraNames further names (or IPs) the serving certificate carries
   * @param admission the admission and validation stage: given the next dispatcher (the store) and
   *     the store, the dispatcher that checks writes before they reach it
   */
  public static SimulatedApiServer start(
      String cluster,
      List<String> extraNames,
      BiFunction<Dispatcher, KubernetesCrudDispatcher, Dispatcher> admission)
      throws IOException {
    MockWebServer web = new MockWebServer();
    KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
    StoreReader reader = new StoreReader(store);
    String adminToken = "admin." + cluster + "." + random();
    String internalToken = "internal." + cluster + "." + random();
    FaultInjector faults = new FaultInjector(Clock.systemUTC());
    int[] port = new int[1];
    WatchSends watches = new WatchSends(cluster);
    BoundTokens boundTokens = new BoundTokens(reader, Clock.systemUTC(), MAX_TOKEN_LIFETIME);
    Dispatcher discoveryAndStore =
        new KubectlCompatibleDispatcher(
            store,
            new TokenRequestDispatcher(boundTokens, admission.apply(store, store)),
            () -> port[0]);
    ApiServerDispatcher chain =
        new ApiServerDispatcher(
            discoveryAndStore,
            reader,
            new Authenticator(reader, adminToken, boundTokens),
            new RbacAuthorizer(reader),
            faults,
            internalToken,
            () -> forget(web),
            watches);
    KubernetesMockServer mock =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()), web, new HashMap<>(), chain, false);
    web.useHttps();
    mock.init(InetAddress.getByName(HOST), 0);
    ClusterPki pki;
    try {
      pki = ClusterPki.issue(cluster, HOST, extraNames);
      ServingCertificate.install(web, pki);
    } catch (RuntimeException e) {
      mock.destroy();
      watches.close();
      throw e;
    }
    port[0] = mock.getPort();
    ClientEventLoops.acquire();
    return new SimulatedApiServer(
        cluster, mock, pki, adminToken, internalToken, faults, chain, reader, watches);
  }

  /** {@code https://127.0.0.1:<port>}. */
  public String url() {
    return "https://" + HOST + ":" + mock.getPort();
  }

  public int port() {
    return mock.getPort();
  }

  public ClusterPki pki() {
    return pki;
  }

  /** The administrator's bearer token, as kubeconfigs of the cluster carry it. */
  public String adminToken() {
    return adminToken;
  }

  public FaultInjector faults() {
    return faults;
  }

  /**
   * Answers a request that arrived over TLS from outside the cluster (a peer's istiod, a webhook
   * call's caller), through the whole handler chain: faults, authentication, RBAC, validation, the
   * store. The caller has verified the server's certificate with {@link TlsVerification}.
   *
   * @param bearerToken the request's bearer token, or null for none
   * @param body a JSON body, or null
   */
  public MockResponse handle(
      String method, String path, String bearerToken, String body, String contentType) {
    Headers.Builder headers = new Headers.Builder().add("Accept", "application/json");
    if (bearerToken != null) {
      headers.add("Authorization", "Bearer " + bearerToken);
    }
    if (body != null) {
      headers.add("Content-Type", contentType);
    }
    Buffer buffer = new Buffer();
    if (body != null) {
      buffer.writeUtf8(body);
    }
    return chain.dispatch(
        new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path, headers.build(), buffer));
  }

  /**
   * What {@link #handle} would answer for this request before it reached admission and the store (a
   * fault, 401 or 403), without reading the store: empty when the request would be served. A client
   * that already holds the data asks this to learn whether it still could read it.
   *
   * @param bearerToken the request's bearer token, or null for none
   */
  public Optional<MockResponse> refusal(String method, String path, String bearerToken) {
    return chain.refusal(
        bearerToken == null ? null : "Bearer " + bearerToken, RequestAttributes.of(method, path));
  }

  /** Changes whenever a write may have changed who a token is or what it may do. */
  public long securityGeneration() {
    return reader.securityGeneration();
  }

  /** A client with the administrator's credential, verifying the server against the cluster CA. */
  public KubernetesClient newAdminClient() {
    return client(adminToken);
  }

  /**
   * A client with a bearer token of the caller's (a service account's token, say), verifying the
   * server against the cluster CA; the caller closes it.
   */
  public KubernetesClient newClient(String token) {
    return client(token);
  }

  /** A client of the cluster's own controllers: faults do not reach it. */
  public KubernetesClient newInternalClient() {
    return client(internalToken);
  }

  private KubernetesClient client(String token) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withNamespace("default")
            .withCaCertData(
                Base64.getEncoder().encodeToString(pki.caPem().getBytes(StandardCharsets.US_ASCII)))
            .withOauthToken(token)
            .withHttp2Disable(true)
            .build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(ClientEventLoops.factory())
        .withKubernetesSerialization(SharedSerialization.INSTANCE)
        .build();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      mock.destroy();
      watches.close();
      ClientEventLoops.release();
    }
  }

  @Override
  public String toString() {
    return "API server of " + cluster + " at " + url();
  }

  private static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The mock server records every request it answers; nobody reads them, so drop them. */
  private static void forget(MockWebServer web) {
    try {
      while (web.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
        // dropped
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
