package io.meshfed.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.Role;
import io.meshfed.hub.HubState;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.request.Accepted;
import io.meshfed.hub.request.RequestDecider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HubMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HubMetrics metrics = new HubMetrics(registry, new HubState());

  @Test
  void everyMemberHasOneSeriesUntilItLeaves() {
    MeshRegistry joined =
        apply(
            MeshRegistry.empty(1),
            new DeclareMesh("m1", "v1.28.1", null, null),
            join("m1", "east"),
            join("m1", "west"));

    metrics.meshesChanged(joined);

    assertThat(registry.find(HubMetrics.MEMBER).gauges())
        .extracting(g -> g.getId().getTag("mesh") + "/" + g.getId().getTag("cluster"))
        .containsExactlyInAnyOrder("m1/east", "m1/west");
    assertThat(registry.find(HubMetrics.MEMBER).gauges())
        .extracting(Gauge::value)
        .containsOnly(1.0);

    MeshRegistry left = apply(joined, new LeaveCluster("m1", "west"));
    metrics.meshesChanged(left);
    metrics.meshesChanged(left);

    assertThat(registry.find(HubMetrics.MEMBER).gauges())
        .extracting(g -> g.getId().getTag("cluster"))
        .containsExactly("east");
    assertThat(registry.scrape())
        .contains("meshfed_hub_member{cluster=\"east\",mesh=\"m1\",} 1.0")
        .doesNotContain("cluster=\"west\"");
  }

  @Test
  void intermediateCaRequestsAreCountedFromZeroOnceTheMeshIsDeclared() {
    metrics.meshesChanged(
        apply(MeshRegistry.empty(1), new DeclareMesh("m1", "v1.28.1", null, null)));

    assertThat(registry.find(HubMetrics.INTERMEDIATE_REQUESTS).tag("mesh", "m1").counters())
        .extracting(c -> c.getId().getTag("outcome") + "=" + c.count())
        .containsExactlyInAnyOrder("issued=0.0", "deferred=0.0", "rejected=0.0", "failed=0.0");

    metrics.intermediateRequest("m1", HubMetrics.REJECTED);

    assertThat(
            registry
                .find(HubMetrics.INTERMEDIATE_REQUESTS)
                .tags("mesh", "m1", "outcome", "rejected")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void latenciesArePublishedAsHistogramsWithFewBuckets() {
    metrics.awaitReady("east", 1, Instant.parse("2025-01-01T00:00:00Z"));
    metrics.readyAt("m1", "east", 1, Instant.parse("2025-01-01T00:00:40Z"));
    metrics.gatewayChangePublished("m1", Duration.ofMillis(300));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("# TYPE meshfed_hub_request_to_ready_seconds histogram")
        .contains("meshfed_hub_request_to_ready_seconds_bucket{mesh=\"m1\",le=\"30.0\",} 0.0")
        .contains("meshfed_hub_request_to_ready_seconds_bucket{mesh=\"m1\",le=\"60.0\",} 1.0")
        .contains("# TYPE meshfed_hub_gateway_change_to_mesh_record_seconds histogram")
        .contains(
            "meshfed_hub_gateway_change_to_mesh_record_seconds_bucket{mesh=\"m1\",le=\"0.5\",} 1.0");
    assertThat(
            scrape.lines().filter(l -> l.startsWith("meshfed_hub_request_to_ready_seconds_bucket")))
        .hasSize(HubMetrics.REQUEST_TO_READY_BUCKETS.length + 1);
  }

  private static JoinCluster join(String mesh, String cluster) {
    return new JoinCluster(mesh, cluster, Role.PRIMARY, "network-" + cluster, null, null, null);
  }

  private static MeshRegistry apply(MeshRegistry registry, MembershipRequest... requests) {
    MeshRegistry r = registry;
    for (MembershipRequest q : requests) {
      r = ((Accepted) RequestDecider.decide(r, q, "req-" + q.hashCode(), null)).changes().next();
    }
    return r;
  }
}
