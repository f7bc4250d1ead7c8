package io.meshfed.sandbox.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshfed.sandbox.cluster.HandBuiltMeshes;
import io.meshfed.sandbox.cluster.MeshCrds;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The oracle finds every pair of a mesh set up by hand as the seeds do reachable, and for each link
 * broken on purpose names it.
 */
class ReachabilityOracleTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final HandBuiltMeshes.PrimaryRemote mesh = HandBuiltMeshes.primaryRemoteMultiNetwork();

  @AfterEach
  void stop() {
    mesh.close();
  }

  private Reachability now() {
    return new ReachabilityOracle(mesh.world()).evaluate(List.of(mesh.primary(), mesh.remote()));
  }

  @Test
  void aMeshSetUpAsTheSeedsDoIsFullyReachable() {
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(now().full()).as(now().summary(5)).isTrue());
    assertThat(now().pairs()).isEqualTo(2);
  }

  @Test
  void withoutTheRemoteSecretThePrimaryReadsNothingOfTheRemote() {
    await().atMost(PATIENCE).until(() -> now().full());

    mesh.primary()
        .client()
        .secrets()
        .inNamespace("istio-system")
        .withName("istio-remote-secret-r1")
        .delete();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(now().unreachable())
                    .hasSize(2)
                    .allSatisfy(
                        u ->
                            assertThat(u.reason())
                                .contains("p1 does not read r1")
                                .contains("holds no remote secret for it")));
  }

  @Test
  void aRevokedReaderTokenIsRefusedAndNamedAsTheReason() {
    await().atMost(PATIENCE).until(() -> now().full());

    mesh.remote()
        .client()
        .secrets()
        .inNamespace("istio-system")
        .withName("reader-token-p1")
        .delete();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(now().unreachable())
                    .isNotEmpty()
                    .allSatisfy(u -> assertThat(u.reason()).contains("401")));
  }

  @Test
  void withoutAnAutoPassthroughGatewayNoTrafficCrossesNetworks() {
    await().atMost(PATIENCE).until(() -> now().full());

    mesh.primary()
        .client()
        .genericKubernetesResources(MeshCrds.GATEWAY)
        .inNamespace("istio-system")
        .withName("cross-network-gateway")
        .delete();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(now().unreachable())
                    .extracting(Reachability.Unreachable::reason)
                    .contains(
                        "p1 holds no Gateway with an AUTO_PASSTHROUGH server on port 15443 for the"
                            + " east-west gateway of r1",
                        "p1 holds no Gateway with an AUTO_PASSTHROUGH server on port 15443 for the"
                            + " east-west gateway of p1"));
  }

  @Test
  void aGatewayNobodyLabelledWithItsNetworkIsUnknownToIstiod() {
    await().atMost(PATIENCE).until(() -> now().full());
    SimulatedCluster remote = mesh.remote();

    var service =
        remote
            .client()
            .services()
            .inNamespace("istio-system")
            .withName("istio-eastwestgateway")
            .get();
    service.getMetadata().getLabels().remove("topology.istio.io/network");
    remote.client().services().inNamespace("istio-system").resource(service).update();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(now().unreachable())
                    .singleElement()
                    .satisfies(
                        u -> {
                          assertThat(u.from()).isEqualTo("p1");
                          assertThat(u.reason())
                              .contains("knows no east-west gateway of network n2");
                        }));
  }

  @Test
  void istiodDownTakesEveryPairDownUntilItIsBack() {
    await().atMost(PATIENCE).until(() -> now().full());

    mesh.primary().istiodDown(Duration.ofSeconds(2));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(now().unreachable())
                    .hasSize(2)
                    .anySatisfy(u -> assertThat(u.reason()).contains("istiod is not serving")));
    await().atMost(PATIENCE).until(() -> now().full());
  }

  @Test
  void withoutCniInTheInjectionValuesPodsWouldNeedAPrivilegedInitContainer() {
    await().atMost(PATIENCE).until(() -> now().full());

    mesh.primaryIstioWithoutCni();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(now().unreachable())
                    .hasSize(2)
                    .allSatisfy(u -> assertThat(u.reason()).contains("values.pilot.cni.enabled")));
  }
}
