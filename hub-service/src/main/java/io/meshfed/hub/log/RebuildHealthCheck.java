package io.meshfed.hub.log;

import io.meshfed.hub.HubState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the registry has been rebuilt from the membership log. */
@Readiness
@ApplicationScoped
public class RebuildHealthCheck implements HealthCheck {

  private final HubState state;
  private final StartupRebuild rebuild;

  @Inject
  public RebuildHealthCheck(HubState state, StartupRebuild rebuild) {
    this.state = state;
    this.rebuild = rebuild;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("membership-log-rebuild");
    if (state.isReady()) {
      return b.up()
          .withData("meshes", state.current().meshes().size())
          .withData("members", state.current().members().size())
          .withData("epoch", state.current().epoch())
          .build();
    }
    b.down();
    if (rebuild.lastError() != null) {
      b.withData("lastError", rebuild.lastError());
    }
    return b.build();
  }
}
