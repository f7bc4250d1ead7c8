package io.meshfed.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshfed.agent.resource.ApiErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Apply errors are counted from 0, per reason, from the start. */
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
  void everyReasonDerivedFromAnHttpCodeIsKnown() {
    IntStream.concat(IntStream.of(0), IntStream.rangeClosed(400, 599))
        .forEach(
            code ->
                assertThat(ApiErrors.reason(new KubernetesClientException("x", code, null)))
                    .as("reason of HTTP %d", code)
                    .isIn(ApiErrors.KNOWN_REASONS));
  }
}
