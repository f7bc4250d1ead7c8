package io.meshfed.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated token controller fills service-account token Secrets, as the real one does. */
class TokenControllerSimulatorTest {

  private static final String NS = "istio-system";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static SimulatedCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster =
        SimulatedCluster.start(
            SimulatedClusterSpec.of(
                "cluster-tokens", "region1", "zone1", null, AddressPool.ips("10.2.0.1")));
    client = cluster.client();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aTokenSecretOfAnExistingAccountGetsAToken() {
    ServiceAccount sa = client.serviceAccounts().resource(account("reader-1")).create();
    client.secrets().resource(tokenSecret("reader-1-token", "reader-1")).create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Secret s = client.secrets().inNamespace(NS).withName("reader-1-token").get();
              assertThat(decoded(s, "token")).startsWith("sandbox-cluster-tokens.");
              assertThat(decoded(s, "namespace")).isEqualTo(NS);
              assertThat(decoded(s, "ca.crt"))
                  .as("the API server's certificate")
                  .startsWith("-----BEGIN CERTIFICATE-----");
              assertThat(s.getMetadata().getAnnotations())
                  .containsEntry(TokenControllerSimulator.ACCOUNT_UID, sa.getMetadata().getUid());
            });
  }

  @Test
  void aTokenSecretWaitsForItsAccount() {
    client.secrets().resource(tokenSecret("reader-2-token", "reader-2")).create();
    assertThat(decoded(client.secrets().inNamespace(NS).withName("reader-2-token").get(), "token"))
        .as("no token before the account exists")
        .isNull();

    client.serviceAccounts().resource(account("reader-2")).create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        decoded(
                            client.secrets().inNamespace(NS).withName("reader-2-token").get(),
                            "token"))
                    .isNotBlank());
  }

  @Test
  void otherSecretsAreLeftAlone() {
    client.serviceAccounts().resource(account("reader-3")).create();
    Secret opaque =
        new SecretBuilder()
            .withNewMetadata()
            .withName("not-a-token")
            .withNamespace(NS)
            .addToAnnotations(TokenControllerSimulator.ACCOUNT_NAME, "reader-3")
            .endMetadata()
            .withType("Opaque")
            .addToStringData("x", "y")
            .build();
    client.secrets().resource(opaque).create();
    // A token Secret created after it is filled: the controller has seen both by then.
    client.secrets().resource(tokenSecret("reader-3-token", "reader-3")).create();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        decoded(
                            client.secrets().inNamespace(NS).withName("reader-3-token").get(),
                            "token"))
                    .isNotBlank());

    Secret after = client.secrets().inNamespace(NS).withName("not-a-token").get();
    assertThat(after.getData() == null ? Map.<String, String>of() : after.getData())
        .as("data of an Opaque Secret")
        .doesNotContainKey("token");
  }

  private static ServiceAccount account(String name) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .build();
  }

  private static Secret tokenSecret(String name, String account) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .addToAnnotations(TokenControllerSimulator.ACCOUNT_NAME, account)
        .endMetadata()
        .withType(TokenControllerSimulator.TOKEN_TYPE)
        .build();
  }

  private static String decoded(Secret secret, String key) {
    String value = secret.getData() == null ? null : secret.getData().get(key);
    return value == null
        ? null
        : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
