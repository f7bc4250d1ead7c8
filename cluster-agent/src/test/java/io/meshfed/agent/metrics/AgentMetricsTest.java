package io.meshfed.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshfed.agent.resource.ApiErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Error counters exist at 0 from the start; latencies are histograms. */
class AgentMetricsTest {

  @Test
  void applyErrorsExistAtZeroBeforeTheFirstError() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AgentMetrics metrics = new AgentMetrics(registry);

    assertThat(registry.find(AgentMetrics.APPLY_ERRORS_TOTAL).counters())
        .extracting(c -> c.getId().getTag("reason"))
        .containsExactlyInAnyOrderElementsOf(ApiErrors.KNOWN_REASONS);
    Counter forbidden =
        registry.find(AgentMetrics.APPLY_ERRORS_TOTAL).tag("reason", "Forbidden").counter();
    assertThat(forbidden.count()).isZero();

    metrics.applyError("Forbidden");

    assertThat(forbidden.count()).isEqualTo(1);
  }

  @Test
  void refusedCredentialsExistAtZeroBeforeTheFirstRefusal() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AgentMetrics metrics = new AgentMetrics(registry);

    assertThat(registry.find(AgentMetrics.CREDENTIALS_REFUSED_TOTAL).counters())
        .extracting(c -> c.getId().getTag("reason"))
        .containsExactlyInAnyOrderElementsOf(AgentMetrics.CREDENTIAL_REFUSAL_REASONS);

    metrics.credentialRefused("CiphertextRefused");

    assertThat(
            registry
                .find(AgentMetrics.CREDENTIALS_REFUSED_TOTAL)
                .tag("reason", "CiphertextRefused")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void latenciesArePublishedAsHistogramsWithFewBuckets() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AgentMetrics metrics = new AgentMetrics(registry);

    metrics.reconciled("success", Duration.ofMillis(200));
    metrics.desiredToReady(Duration.ofSeconds(20));
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("# TYPE meshfed_agent_reconcile_seconds histogram")
        .contains("meshfed_agent_reconcile_seconds_bucket{outcome=\"success\",le=\"0.1\",} 0.0")
        .contains("meshfed_agent_reconcile_seconds_bucket{outcome=\"success\",le=\"0.25\",} 1.0")
        .contains("# TYPE meshfed_agent_desired_to_ready_seconds histogram")
        .contains("meshfed_agent_desired_to_ready_seconds_bucket{le=\"30.0\",} 1.0");
    assertThat(scrape.lines().filter(l -> l.startsWith("meshfed_agent_reconcile_seconds_bucket")))
        .hasSize(AgentMetrics.RECONCILE_BUCKETS.length + 1);
  }

  @Test
  void everyReasonDerivedFromAnHttpCodeIsKnown() {
    IntStream.concat(IntStream.of(0), IntStream.rangeClosed(400, 599))
        .forEach(
            code ->
                assertThat(ApiErrors.reason(new KubernetesClientException("x", code, null)))
                    .as("reason of HTTP %d", code)
                    .isIn(ApiErrors.KNOWN_REASONS));
  }
}
