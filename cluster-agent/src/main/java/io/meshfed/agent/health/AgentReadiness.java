package io.meshfed.agent.health;

import io.meshfed.agent.messaging.ReplayTracker;
import io.meshfed.agent.reconcile.ReconcileLoop;
import io.meshfed.agent.reconcile.ReconcileOutcome;
import io.meshfed.agent.resource.ApiErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the agent can do its work: the state topics were read to their end, and the last
 * reconcile reached the API server. (Kafka's own checks come from the messaging extension.)
 */
@Readiness
@ApplicationScoped
public class AgentReadiness implements HealthCheck {

  private final ReplayTracker replay;
  private final ReconcileLoop loop;

  public AgentReadiness(ReplayTracker replay, ReconcileLoop loop) {
    this.replay = replay;
    this.loop = loop;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("meshfed-agent");
    boolean caughtUp = replay.caughtUp();
    response.withData("stateTopicsRead", caughtUp);
    Optional<ReconcileOutcome> last = loop.lastOutcome();
    boolean apiReached =
        last.map(
                o -> o.failures().stream().noneMatch(f -> ApiErrors.UNREACHABLE.equals(f.reason())))
            .orElse(true);
    response.withData("apiServerReached", apiReached);
    last.ifPresent(o -> response.withData("lastReconcile", o.metricOutcome()));
    return response.status(caughtUp && apiReached).build();
  }
}
