package io.meshfed.agent.health;

import io.meshfed.agent.member.MemberAgent;
import io.meshfed.agent.member.MemberAgents;
import io.meshfed.agent.messaging.ReplayTracker;
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
 * reconcile of every served cluster reached its API server. The data names each cluster with the
 * outcome of its last reconcile ({@code cluster.<name>}), so that a hosted agent shows which
 * cluster it cannot reach. (Kafka's own checks come from the messaging extension.)
 */
@Readiness
@ApplicationScoped
public class AgentReadiness implements HealthCheck {

  /** What the data says of a cluster not reconciled yet. */
  static final String NOT_RECONCILED = "not reconciled yet";

  private final ReplayTracker replay;
  private final MemberAgents members;

  public AgentReadiness(ReplayTracker replay, MemberAgents members) {
    this.replay = replay;
    this.members = members;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("meshfed-agent");
    boolean caughtUp = replay.caughtUp();
    response.withData("stateTopicsRead", caughtUp);
    boolean allReached = true;
    for (MemberAgent member : members.members()) {
      Optional<ReconcileOutcome> last = member.lastOutcome();
      boolean reached = last.map(AgentReadiness::reachedApiServer).orElse(true);
      allReached &= reached;
      response.withData(
          "cluster." + member.cluster(),
          last.map(o -> reached ? o.metricOutcome() : ApiErrors.UNREACHABLE)
              .orElse(NOT_RECONCILED));
    }
    response.withData("apiServerReached", allReached);
    return response.status(caughtUp && allReached).build();
  }

  private static boolean reachedApiServer(ReconcileOutcome outcome) {
    return outcome.failures().stream().noneMatch(f -> ApiErrors.UNREACHABLE.equals(f.reason()));
  }
}
