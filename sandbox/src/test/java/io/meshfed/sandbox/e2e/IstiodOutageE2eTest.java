package io.meshfed.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.sandbox.Sandbox;
import io.meshfed.sandbox.SimulatedMember;
import io.meshfed.sandbox.Topology;
import io.meshfed.sandbox.cluster.MeshCrds;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.oracle.Reachability;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A primary that serves remotes loses its istiod for 30 seconds (a node drain, a crash loop): the
 * hub never says the mesh converged while the oracle finds a pair unreachable, once the report of
 * the outage could reach it; no remote loses its {@code Istio}; and within 10 seconds of istiod's
 * return every pair is reachable again.
 */
class IstiodOutageE2eTest {

  /** How long the hub may go on saying converged after the outage began: its reports' path. */
  private static final Duration REPORT_LAG = Duration.ofSeconds(5);

  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final Duration SAMPLE = Duration.ofMillis(250);

  @Test
  void aPrimarysIstiodOutageNeverLooksConvergedAndTheMeshComesBackWhole() throws IOException {
    Topology topology =
        Topology.read(
            E2eSandboxes.home().resolve("deploy/examples/default-hosted-multi-network.yaml"));
    try (Sandbox sandbox = E2eSandboxes.started("istiod-outage", topology)) {
      sandbox.declareAndAwait().orElseThrow(() -> new AssertionError("did not converge"));
      SimulatedCluster primary = member(sandbox, "mdemo-cluster1").cluster();
      List<SimulatedCluster> remotes =
          List.of(
              member(sandbox, "mdemo-cluster2").cluster(),
              member(sandbox, "mdemo-cluster3").cluster());

      long start = System.nanoTime();
      primary.istiodDown(OUTAGE);
      List<String> disagreements = new ArrayList<>();
      boolean hubNoticed = false;
      Long ready = null;
      Long whole = null;
      while (whole == null && elapsed(start).compareTo(OUTAGE.plusSeconds(60)) < 0) {
        boolean converged = sandbox.hub().mesh(topology.mesh()).path("converged").asBoolean(false);
        Reachability now = sandbox.reachability();
        hubNoticed |= !converged;
        if (converged && !now.full() && (hubNoticed || elapsed(start).compareTo(REPORT_LAG) > 0)) {
          disagreements.add(
              String.format(
                  "%.1fs: the hub says converged, but %s", seconds(start), now.summary(3)));
        }
        for (SimulatedCluster remote : remotes) {
          assertThat(
                  remote
                      .client()
                      .genericKubernetesResources(MeshCrds.ISTIO)
                      .withName("default")
                      .get())
              .as("the Istio of remote %s at %.1fs", remote.name(), seconds(start))
              .isNotNull();
        }
        boolean istiodReady = primary.istiod().map(i -> i.state().ready()).orElse(false);
        if (ready == null && istiodReady && elapsed(start).compareTo(OUTAGE) >= 0) {
          ready = System.nanoTime();
        }
        if (ready != null && now.full() && converged) {
          whole = System.nanoTime();
        }
        LockSupport.parkNanos(SAMPLE.toNanos());
      }

      assertThat(hubNoticed).as("the hub saw the mesh stop being converged").isTrue();
      assertThat(disagreements).as("samples where the hub and the oracle disagree").isEmpty();
      assertThat(ready).as("istiod came back").isNotNull();
      assertThat(whole).as("every pair reachable and the hub converged again").isNotNull();
      Duration recovery = Duration.ofNanos(whole - ready);
      System.out.printf("matrix full %.1fs after istiod's return%n", recovery.toMillis() / 1000.0);
      assertThat(recovery).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }
  }

  private static SimulatedMember member(Sandbox sandbox, String name) {
    return sandbox.members().get(name);
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
