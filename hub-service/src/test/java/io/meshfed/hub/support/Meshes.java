package io.meshfed.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.hub.intake.StatusIntake;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.request.Accepted;
import io.meshfed.hub.request.Decision;
import io.meshfed.hub.request.RequestDecider;
import java.time.Instant;
import java.util.List;

/** Builds registries for the tests by going through the same decisions as the hub. */
public final class Meshes {

  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private Meshes() {}

  public static MeshRegistry declared(String meshId) {
    return apply(MeshRegistry.empty(1), new DeclareMesh(meshId, "v1.28.1", null, null));
  }

  public static JoinCluster primary(String mesh, String cluster, String network) {
    return new JoinCluster(mesh, cluster, Role.PRIMARY, network, null, null, null);
  }

  public static JoinCluster remote(String mesh, String cluster, String network, String primary) {
    return new JoinCluster(mesh, cluster, Role.REMOTE, network, primary, null, null);
  }

  /** Applies a request that must be accepted and returns the registry afterwards. */
  public static MeshRegistry apply(MeshRegistry registry, MembershipRequest request) {
    Decision d = RequestDecider.decide(registry, request, "req-" + request.hashCode(), null);
    assertThat(d).as("decision for %s", request).isInstanceOf(Accepted.class);
    return ((Accepted) d).changes().next();
  }

  public static MeshRegistry applyAll(MeshRegistry registry, MembershipRequest... requests) {
    MeshRegistry r = registry;
    for (MembershipRequest q : requests) {
      r = apply(r, q);
    }
    return r;
  }

  public static ClusterStatus status(
      String mesh, String cluster, Phase phase, GatewayAddress... addrs) {
    return new ClusterStatus(
        mesh, cluster, phase, List.of(), 1, 1, List.of(addrs), "test", List.of(), null, T0);
  }

  public static MeshRegistry report(MeshRegistry registry, ClusterStatus status) {
    return StatusIntake.apply(registry, status, T0).changes().next();
  }
}
