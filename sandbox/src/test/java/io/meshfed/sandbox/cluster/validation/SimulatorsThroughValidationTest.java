package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshfed.sandbox.cluster.AddressPool;
import io.meshfed.sandbox.cluster.LoadBalancerSimulator;
import io.meshfed.sandbox.cluster.SailOperatorSimulator;
import io.meshfed.sandbox.cluster.TokenControllerSimulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's simulated operators keep working behind the validating dispatcher: their watches
 * pass through and their writes (status patches, token Secret updates) are valid.
 */
class SimulatorsThroughValidationTest {

  private static ApiServerFixture api;
  private static SailOperatorSimulator sail;
  private static LoadBalancerSimulator loadBalancers;
  private static TokenControllerSimulator tokens;

  @BeforeAll
  static void start() {
    api = ApiServerFixture.start();
    sail = SailOperatorSimulator.start(api.client(), "c1");
    loadBalancers = LoadBalancerSimulator.start(api.client(), "c1", AddressPool.ips("10.64.30.71"));
    tokens = TokenControllerSimulator.start(api.client(), "c1", "-----BEGIN CERTIFICATE-----\n");
  }

  @AfterAll
  static void stop() {
    tokens.close();
    loadBalancers.close();
    sail.close();
    api.close();
  }

  @Test
  void theSailOperatorReportsEachGenerationHealthy() {
    String path = "/apis/sailoperator.io/v1/istios/default";
    assertThat(
            api.post(
                    "/apis/sailoperator.io/v1/istios",
                    "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"Istio\",\"metadata\":{\"name\":\"default\"},"
                        + "\"spec\":{\"version\":\"v1.28.1\"}}")
                .code())
        .isEqualTo(201);
    await().atMost(Duration.ofSeconds(20)).until(() -> observed(path) == 1);

    assertThat(api.mergePatch(path, "{\"spec\":{\"version\":\"v1.28.2\"}}").code()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(20)).until(() -> observed(path) == 2);
    JsonNode istio = api.get(path);
    assertThat(istio.at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(istio.at("/status/state").asText()).isEqualTo("Healthy");
  }

  private static long observed(String path) {
    JsonNode istio = api.get(path);
    return istio == null ? -1 : istio.at("/status/observedGeneration").asLong(-1);
  }

  @Test
  void theLoadBalancerAndTokenControllerWriteValidObjects() {
    assertThat(
            api.post(
                    "/api/v1/namespaces/istio-system/services",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"gw\"},"
                        + "\"spec\":{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":15443}]}}")
                .code())
        .isEqualTo(201);
    assertThat(
            api.post(
                    "/api/v1/namespaces/istio-system/serviceaccounts",
                    "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"reader\"}}")
                .code())
        .isEqualTo(201);
    assertThat(
            api.post(
                    "/api/v1/namespaces/istio-system/secrets",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"reader-token\","
                        + "\"annotations\":{\"kubernetes.io/service-account.name\":\"reader\"}},"
                        + "\"type\":\"kubernetes.io/service-account-token\"}")
                .code())
        .isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                api.get("/api/v1/namespaces/istio-system/services/gw")
                    .at("/status/loadBalancer/ingress/0/ip")
                    .asText()
                    .equals("10.64.30.71"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                api.get("/api/v1/namespaces/istio-system/secrets/reader-token")
                    .at("/data/token")
                    .isTextual());
  }
}
