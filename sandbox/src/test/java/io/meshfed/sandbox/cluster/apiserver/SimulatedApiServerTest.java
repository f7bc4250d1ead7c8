package io.meshfed.sandbox.cluster.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.mockwebserver.http.MockResponse;
import io.meshfed.sandbox.cluster.AddressPool;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.SimulatedClusterSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated API server authenticates, authorizes and fails like a real one: legacy
 * service-account tokens live only as long as their Secret and account, RBAC decides what a token
 * may do, anonymous requests read only the public paths, faults reach outside callers only.
 */
class SimulatedApiServerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static SimulatedCluster cluster;
  private static KubernetesClient admin;
  private static SimulatedApiServer api;

  @BeforeAll
  static void start() {
    cluster =
        SimulatedCluster.start(
            SimulatedClusterSpec.of("c-api", "r", "z", null, AddressPool.ips("10.9.0.1")));
    admin = cluster.client();
    api = cluster.apiServer();
    admin
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("team")
                .endMetadata()
                .build())
        .create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /**
   * Every watch gets every event in order, and the server sends them from one thread of its own:
   * the fabric8 mock gave each watch a thread and blocked its event loop on each watch's close.
   */
  @Test
  void manyWatchesGetTheirEventsInOrderWithoutAThreadEach() throws Exception {
    int watches = 40;
    List<List<String>> seen = new ArrayList<>();
    List<Watch> open = new ArrayList<>();
    int threadsBefore = Thread.activeCount();
    try {
      for (int i = 0; i < watches; i++) {
        List<String> events = new CopyOnWriteArrayList<>();
        seen.add(events);
        open.add(
            admin
                .configMaps()
                .inNamespace("team")
                .withName("watched")
                .watch(
                    new Watcher<ConfigMap>() {
                      @Override
                      public void eventReceived(Action action, ConfigMap resource) {
                        events.add(action + ":" + resource.getData().get("n"));
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    }));
      }
      for (int n = 1; n <= 3; n++) {
        admin
            .configMaps()
            .inNamespace("team")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("watched")
                    .endMetadata()
                    .addToData("n", String.valueOf(n))
                    .build())
            .createOr(NonDeletingOperation::update);
      }
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .allSatisfy(
                          events ->
                              assertThat(events)
                                  .containsExactly("ADDED:1", "MODIFIED:2", "MODIFIED:3")));
      assertThat(Thread.activeCount() - threadsBefore).isLessThan(watches);
    } finally {
      open.forEach(Watch::close);
      admin.configMaps().inNamespace("team").withName("watched").delete();
    }
    assertThat(api.handle("GET", "/version", null, null, null).code()).isEqualTo(200);
  }

  @Test
  void withoutATokenOnlyThePublicPathsAndClusterInfoAreReadable() {
    assertThat(api.handle("GET", "/version", null, null, null).code()).isEqualTo(200);
    assertThat(
            api.handle(
                    "GET",
                    "/api/v1/namespaces/kube-public/configmaps/cluster-info",
                    null,
                    null,
                    null)
                .code())
        .isEqualTo(200);
    MockResponse namespaces = api.handle("GET", "/api/v1/namespaces", null, null, null);
    assertThat(namespaces.code()).isEqualTo(403);
    assertThat(namespaces.getBody().readUtf8())
        .contains("User \\\"system:anonymous\\\" cannot list resource \\\"namespaces\\\"");
  }

  @Test
  void anUnknownTokenIsUnauthorized() {
    assertThat(api.handle("GET", "/version", "not-a-token-of-this-cluster", null, null).code())
        .isEqualTo(401);
  }

  @Test
  void aServiceAccountTokenHoldsOnlyWhatRbacGrantsAndDiesWithItsSecret() {
    String token = token("reader", "reader-token");
    assertThat(api.handle("GET", "/api/v1/namespaces", token, null, null).code())
        .as("authenticated, but no role grants it")
        .isEqualTo(403);
    assertThat(
            api.handle(
                    "GET",
                    "/api/v1/namespaces/kube-public/configmaps/cluster-info",
                    token,
                    null,
                    null)
                .code())
        .as("kubeadm lets only system:anonymous read cluster-info")
        .isEqualTo(403);

    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("list-namespaces")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("namespaces")
                .withVerbs("get", "list")
                .endRule()
                .build())
        .create();
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("reader-lists-namespaces")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "list-namespaces")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("reader")
                .withNamespace("team")
                .endSubject()
                .build())
        .create();
    assertThat(api.handle("GET", "/api/v1/namespaces", token, null, null).code()).isEqualTo(200);
    assertThat(api.handle("GET", "/api/v1/namespaces/team/secrets", token, null, null).code())
        .isEqualTo(403);

    admin.secrets().inNamespace("team").withName("reader-token").delete();
    await()
        .atMost(PATIENCE)
        .until(() -> api.handle("GET", "/api/v1/namespaces", token, null, null).code() == 401);
  }

  @Test
  void theTokenRequestApiIssuesBoundTokensThatDieWithTheirSecret() {
    admin
        .serviceAccounts()
        .inNamespace("team")
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("bound").endMetadata().build())
        .create();
    Secret binding =
        admin
            .secrets()
            .inNamespace("team")
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("bound-binding")
                    .endMetadata()
                    .withType("Opaque")
                    .build())
            .create();
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(30L * 24 * 3600)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Secret")
            .withName("bound-binding")
            .withUid(binding.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();

    TokenRequest answer =
        admin.serviceAccounts().inNamespace("team").withName("bound").tokenRequest(request);

    String token = answer.getStatus().getToken();
    assertThat(Instant.parse(answer.getStatus().getExpirationTimestamp()))
        .as("a longer request is cut to the server's --service-account-max-token-expiration")
        .isBefore(Instant.now().plus(SimulatedApiServer.MAX_TOKEN_LIFETIME).plusSeconds(5));
    assertThat(api.handle("GET", "/version", token, null, null).code()).isEqualTo(200);
    assertThat(api.handle("GET", "/api/v1/namespaces", token, null, null).code())
        .as("authenticated as the account, which no role grants this")
        .isEqualTo(403);
    assertThat(
            api.handle(
                    "POST",
                    "/api/v1/namespaces/team/serviceaccounts/other/token",
                    token,
                    "{\"kind\":\"TokenRequest\",\"spec\":{}}",
                    "application/json")
                .code())
        .as("a token may not mint tokens without a grant for serviceaccounts/token")
        .isEqualTo(403);

    admin.secrets().inNamespace("team").withName("bound-binding").delete();
    await()
        .atMost(PATIENCE)
        .until(() -> api.handle("GET", "/version", token, null, null).code() == 401);
  }

  @Test
  void aTokenRequestIsRefusedAsARealServerRefusesIt() {
    admin
        .serviceAccounts()
        .inNamespace("team")
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("asking").endMetadata().build())
        .create();
    var account = admin.serviceAccounts().inNamespace("team").withName("asking");

    assertThatThrownBy(
            () ->
                account.tokenRequest(
                    new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(60L)
                        .endSpec()
                        .build()))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("may not specify a duration less than 10 minutes");
    assertThatThrownBy(
            () ->
                account.tokenRequest(
                    new TokenRequestBuilder()
                        .withNewSpec()
                        .withNewBoundObjectRef()
                        .withKind("Secret")
                        .withName("no-such-secret")
                        .endBoundObjectRef()
                        .endSpec()
                        .build()))
        .isInstanceOf(KubernetesClientException.class)
        .extracting(e -> ((KubernetesClientException) e).getCode())
        .isEqualTo(404);
    admin
        .secrets()
        .inNamespace("team")
        .resource(
            new SecretBuilder().withNewMetadata().withName("asking-binding").endMetadata().build())
        .create();
    assertThatThrownBy(
            () ->
                account.tokenRequest(
                    new TokenRequestBuilder()
                        .withNewSpec()
                        .withNewBoundObjectRef()
                        .withKind("Secret")
                        .withName("asking-binding")
                        .withUid("uid-of-a-secret-deleted-and-made-again")
                        .endBoundObjectRef()
                        .endSpec()
                        .build()))
        .isInstanceOf(KubernetesClientException.class)
        .extracting(e -> ((KubernetesClientException) e).getCode())
        .isEqualTo(409);
    assertThatThrownBy(
            () ->
                admin
                    .serviceAccounts()
                    .inNamespace("team")
                    .withName("nobody")
                    .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build()))
        .isInstanceOf(KubernetesClientException.class)
        .extracting(e -> ((KubernetesClientException) e).getCode())
        .isEqualTo(404);
  }

  @Test
  void aTokenOfAnAccountMadeAgainIsNoLongerValid() {
    String token = token("again", "again-token");
    assertThat(api.handle("GET", "/version", token, null, null).code()).isEqualTo(200);

    admin.serviceAccounts().inNamespace("team").withName("again").delete();
    await()
        .atMost(PATIENCE)
        .until(() -> api.handle("GET", "/version", token, null, null).code() == 401);
    admin
        .serviceAccounts()
        .inNamespace("team")
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("again").endMetadata().build())
        .create();
    assertThat(api.handle("GET", "/version", token, null, null).code())
        .as("the account's uid changed")
        .isEqualTo(401);
  }

  @Test
  void aRuleWithResourceNamesGrantsOnlyRequestsForThoseNames() {
    String token = token("named", "named-token");
    admin
        .rbac()
        .roles()
        .inNamespace("team")
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("one-secret")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("secrets")
                .withResourceNames("allowed")
                .withVerbs("get", "list")
                .endRule()
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace("team")
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("named-one-secret")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "one-secret")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("named")
                .withNamespace("team")
                .endSubject()
                .build())
        .create();

    assertThat(
            api.handle("GET", "/api/v1/namespaces/team/secrets/allowed", token, null, null).code())
        .isIn(200, 404);
    assertThat(api.handle("GET", "/api/v1/namespaces/team/secrets/other", token, null, null).code())
        .isEqualTo(403);
    assertThat(api.handle("GET", "/api/v1/namespaces/team/secrets", token, null, null).code())
        .as("a list has no name")
        .isEqualTo(403);
  }

  @Test
  void faultsReachOutsideCallersButNotTheClustersOwnControllers() {
    api.faults().inject(FaultInjector.Kind.INTERNAL_ERROR, Duration.ofSeconds(3));
    try {
      assertThat(api.handle("GET", "/api/v1/namespaces/team", api.adminToken(), null, null).code())
          .isEqualTo(500);
      assertThat(cluster.internalClient().namespaces().withName("team").get()).isNotNull();
      api.faults().inject(FaultInjector.Kind.TOO_MANY_REQUESTS, Duration.ofSeconds(3));
      MockResponse throttled = api.handle("GET", "/version", api.adminToken(), null, null);
      assertThat(throttled.code()).isEqualTo(429);
      assertThat(throttled.getHeaders().get("Retry-After")).isEqualTo("1");
      api.faults().inject(FaultInjector.Kind.TIMEOUT, Duration.ofSeconds(3));
      assertThat(api.handle("GET", "/version", api.adminToken(), null, null).getBodyDelay())
          .isGreaterThan(Duration.ofSeconds(2));
    } finally {
      api.faults().clear();
    }
    assertThat(admin.namespaces().withName("team").get()).isNotNull();
  }

  @Test
  void theServingCertificateIsValidForTheClustersNamesOnly() {
    String certificate = api.pki().certificatePem();
    String ca = api.pki().caPem();
    assertThat(TlsVerification.refusal(certificate, ca, "127.0.0.1")).isEmpty();
    assertThat(TlsVerification.refusal(certificate, ca, "kubernetes.default.svc")).isEmpty();
    assertThat(TlsVerification.refusal(certificate, ca, "c-api.api.clusterset.local"))
        .get()
        .asString()
        .startsWith("x509: certificate is valid for kubernetes, kubernetes.default,");
    String otherCa = ClusterPki.issue("other", "127.0.0.1", java.util.List.of()).caPem();
    assertThat(TlsVerification.refusal(certificate, otherCa, "127.0.0.1"))
        .contains("x509: certificate signed by unknown authority");
  }

  @Test
  void askingWhetherARequestWouldBeServedAnswersAsServingItDoes() {
    String token = token("asker", "asker-token");
    assertThat(api.refusal("GET", "/api/v1/namespaces", token))
        .as("authenticated, no role grants it")
        .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(403));
    assertThat(api.refusal("GET", "/api/v1/namespaces", "not-a-token-of-this-cluster"))
        .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(401));
    assertThat(api.refusal("GET", "/version", token)).isEmpty();
    assertThat(api.handle("GET", "/version", token, null, null).code()).isEqualTo(200);

    admin.secrets().inNamespace("team").withName("asker-token").delete();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(api.refusal("GET", "/version", token))
                    .as("the token died with its Secret")
                    .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(401)));
  }

  @Test
  void writingASecretThatIsNoTokenLeavesWhatTokensMayDoAlone() {
    String token = token("steady", "steady-token");
    long before = api.securityGeneration();
    admin
        .secrets()
        .inNamespace("team")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("opaque")
                .endMetadata()
                .addToStringData("k", "v")
                .build())
        .create();
    admin.secrets().inNamespace("team").withName("opaque").delete();
    assertThat(api.securityGeneration()).isEqualTo(before);
    assertThat(api.handle("GET", "/version", token, null, null).code()).isEqualTo(200);

    admin.secrets().inNamespace("team").withName("steady-token").delete();
    assertThat(api.securityGeneration()).isGreaterThan(before);
    await()
        .atMost(PATIENCE)
        .until(() -> api.handle("GET", "/version", token, null, null).code() == 401);
  }

  /**
   * A legacy token Secret for a new account of namespace team, as the token controller fills it.
   */
  private static String token(String account, String secret) {
    admin
        .serviceAccounts()
        .inNamespace("team")
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(account).endMetadata().build())
        .create();
    admin
        .secrets()
        .inNamespace("team")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(secret)
                .addToAnnotations("kubernetes.io/service-account.name", account)
                .endMetadata()
                .withType("kubernetes.io/service-account-token")
                .build())
        .create();
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              Secret s = admin.secrets().inNamespace("team").withName(secret).get();
              return s.getData() != null && s.getData().get("token") != null;
            });
    return new String(
        Base64.getDecoder()
            .decode(
                admin.secrets().inNamespace("team").withName(secret).get().getData().get("token")),
        StandardCharsets.UTF_8);
  }
}
