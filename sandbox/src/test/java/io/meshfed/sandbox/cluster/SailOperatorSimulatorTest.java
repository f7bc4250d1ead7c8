package io.meshfed.sandbox.cluster;

import static io.meshfed.sandbox.cluster.HandBuiltMesh.PATIENCE;
import static io.meshfed.sandbox.cluster.HandBuiltMesh.apply;
import static io.meshfed.sandbox.cluster.HandBuiltMesh.ready;
import static io.meshfed.sandbox.cluster.HandBuiltMesh.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.meshfed.sandbox.cluster.istiod.IstiodSimulator;
import io.meshfed.sandbox.cluster.sail.IstioSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated Sail operator and a primary's istiod keep the real ones' rules (sail-operator
 * {@code release-1.28}, istio {@code release-1.28}); each test breaks one rule's precondition on
 * purpose and sees the real outcome.
 */
class SailOperatorSimulatorTest {

  private final HandBuiltMesh mesh = new HandBuiltMesh();

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void anIstioWhoseNamespaceIsMissingIsAReconcileErrorUntilTheNamespaceComes() {
    SimulatedCluster c = mesh.cluster("c1", "10.0.0.1");
    mesh.primaryIstio(c, "n1", false, "");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(status(c, MeshCrds.ISTIO)).containsEntry("state", "ReconcileError"));
    assertThat(conditionMessage(c, "Reconciled"))
        .isEqualTo(
            "error reconciling resource: validation error: namespace \"istio-system\" doesn't"
                + " exist");
    assertThat(c.client().apps().deployments().inNamespace("istio-system").list().getItems())
        .isEmpty();

    mesh.namespaces(c, "n1", null);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("status", "True"));
  }

  @Test
  void aPrimaryIsReadyOnlyOnceIstiodStartedAndItsWebhookCarriesTheRootOfCacerts() {
    SimulatedCluster c = mesh.cluster("c1", "10.0.0.1");
    mesh.namespaces(c, "n1", null);
    mesh.cacerts(c);
    mesh.cni(c);
    mesh.primaryIstio(c, "n1", false, "");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(ready(c, MeshCrds.ISTIO))
                    .containsEntry("status", "False")
                    .containsEntry("reason", "IstiodNotReady")
                    .containsEntry("message", "not all istiod pods are ready"));
    assertThat(
            c.client()
                .serviceAccounts()
                .inNamespace("istio-system")
                .withName("istio-reader-service-account")
                .get())
        .as("the base chart's reader account")
        .isNotNull();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("status", "True");
              assertThat(status(c, MeshCrds.ISTIO))
                  .as("Healthy once IstioCNI, which values.pilot.cni.enabled needs, is too")
                  .containsEntry("state", "Healthy");
              assertThat(caBundles(c))
                  .isNotEmpty()
                  .allSatisfy(
                      b -> assertThat(b).isEqualTo(HandBuiltMesh.b64(mesh.root.certificatePem())));
            });
  }

  @Test
  void aBrokenCacertsKeepsIstiodFromStarting() {
    SimulatedCluster c = mesh.cluster("c1", "10.0.0.1");
    mesh.namespaces(c, "n1", null);
    apply(
        c,
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\n"
            + "data:\n  root-cert.pem: "
            + HandBuiltMesh.b64(mesh.root.certificatePem())
            + "\n");
    mesh.primaryIstio(c, "n1", false, "");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(c.istiod().map(i -> i.state().detail()))
                    .hasValueSatisfying(
                        d -> assertThat(d).startsWith("cannot start: cacerts has no ca-cert.pem")));
    assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("status", "False");

    mesh.cacerts(c);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("status", "True"));
  }

  @Test
  void withoutCacertsIstiodSignsUnderARootOfItsOwn() {
    SimulatedCluster c = mesh.cluster("c1", "10.0.0.1");
    mesh.namespaces(c, "n1", null);
    mesh.primaryIstio(c, "n1", false, "");

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("status", "True"));
    assertThat(c.istiod().orElseThrow().state().rootPem().orElseThrow())
        .isNotEqualTo(mesh.root.certificatePem());
    assertThat(c.client().secrets().inNamespace("istio-system").withName("istio-ca-secret").get())
        .isNotNull();
  }

  @Test
  void anEndOfLifeVersionIsAcceptedButNotInstallable() {
    SimulatedCluster c = mesh.cluster("c1", "10.0.0.1");
    mesh.namespaces(c, "n1", null);
    apply(
        c,
        "apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata:\n  name: default\nspec:\n"
            + "  version: v1.24.3\n  namespace: istio-system\n");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(conditionMessage(c, "Reconciled"))
                    .isEqualTo("error reconciling resource: version \"v1.24.3\" not found"));
  }

  @Test
  void aValuesChangeThatRestartsIstiodMakesItNotReadyForARollout() {
    SimulatedCluster c = mesh.cluster("c1", "10.0.0.1");
    mesh.namespaces(c, "n1", null);
    mesh.cacerts(c);
    mesh.primaryIstio(c, "n1", false, "");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("status", "True"));

    List<String> seen = new ArrayList<>();
    mesh.primaryIstio(c, "n1", true, "");
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> {
              seen.add(String.valueOf(ready(c, MeshCrds.ISTIO).get("status")));
              assertThat(seen).contains("False");
              assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("status", "True");
            });
    var deployment =
        c.client().apps().deployments().inNamespace("istio-system").withName("istiod").get();
    assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void aMeshNetworksChangeIsReloadedByTheRunningIstiodWithoutARollout() {
    SimulatedCluster c = mesh.cluster("c1", "10.0.0.1");
    mesh.namespaces(c, "n1", null);
    mesh.cacerts(c);
    apply(c, primaryWithGatewayOfN2("192.0.2.10"));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("status", "True"));
    String template = specHash(c);

    List<String> seen = new ArrayList<>();
    apply(c, primaryWithGatewayOfN2("192.0.2.20"));
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> {
              seen.add(String.valueOf(ready(c, MeshCrds.ISTIO).get("status")));
              assertThat(
                      c.istiod().orElseThrow().state().spec().orElseThrow().meshNetworkGateways())
                  .containsEntry("n2", List.of(new IstioSpec.NetworkGateway("192.0.2.20", 15443)));
            });
    // Longer than the rollout a pod template change would cause (FAST.istiodRollout).
    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (System.nanoTime() < until) {
      seen.add(String.valueOf(ready(c, MeshCrds.ISTIO).get("status")));
    }
    assertThat(seen).containsOnly("True");
    assertThat(specHash(c)).isEqualTo(template);
  }

  private static String specHash(SimulatedCluster c) {
    return c.client()
        .apps()
        .deployments()
        .inNamespace("istio-system")
        .withName("istiod")
        .get()
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("sailoperator.io/spec-hash");
  }

  private static String primaryWithGatewayOfN2(String address) {
    return """
        apiVersion: sailoperator.io/v1
        kind: Istio
        metadata:
          name: default
        spec:
          version: %s
          namespace: istio-system
          values:
            global:
              meshID: mesh1
              multiCluster:
                clusterName: c1
              network: n1
              meshNetworks:
                n2:
                  endpoints:
                  - fromRegistry: c2
                  gateways:
                  - address: %s
                    port: 15443
            pilot:
              cni:
                enabled: true
        """
        .formatted(HandBuiltMesh.VERSION, address);
  }

  @Test
  void istiodTakenDownIsNotReadyUntilItStartedAgain() {
    SimulatedCluster c = mesh.cluster("c1", "10.0.0.1");
    mesh.namespaces(c, "n1", null);
    mesh.cacerts(c);
    mesh.primaryIstio(c, "n1", false, "");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("status", "True"));

    c.istiodDown(Duration.ofSeconds(1));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("reason", "IstiodNotReady"));
    assertThat(c.istiod().orElseThrow().state().serving()).isFalse();
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(ready(c, MeshCrds.ISTIO)).containsEntry("status", "True"));
  }

  @Test
  void aRemoteIsNotReadyWhileNoPrimaryHasPatchedItsWebhook() {
    SimulatedCluster remote = mesh.cluster("r1", "10.0.1.1");
    mesh.namespaces(remote, "n2", "p1");
    mesh.remoteIstio(remote, "n2", "10.0.0.1");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(ready(remote, MeshCrds.ISTIO))
                    .containsEntry("reason", "RemoteIstiodNotReady")
                    .containsEntry("message", "readiness probe on remote istiod failed"));
    assertThat(probeReason(remote))
        .isEqualTo(
            "webhooks[].clientConfig.caBundle hasn't been set; check if the remote istiod can"
                + " access this cluster");
    assertThat(remote.istiod()).as("a remote runs no istiod").isEmpty();
    Service istiod =
        remote.client().services().inNamespace("istio-system").withName("istiod").get();
    assertThat(istiod.getSpec().getSelector()).isNullOrEmpty();
    assertThat(
            remote
                .client()
                .discovery()
                .v1()
                .endpointSlices()
                .inNamespace("istio-system")
                .withName("istiod")
                .get()
                .getEndpoints()
                .get(0)
                .getAddresses())
        .containsExactly("10.0.0.1");
  }

  @Test
  void aRemoteBecomesReadyOnceItsLeadingPrimaryReadsItThroughItsRemoteSecret() {
    PrimaryRemote pr = primaryAndRemote(true, "p1");

    mesh.shareReader(pr.remote, pr.primary);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(pr.primary.istiod().orElseThrow().state().reads()).contains("r1");
              assertThat(pr.primary.istiod().orElseThrow().state().leads()).contains("r1");
              assertThat(ready(pr.remote, MeshCrds.ISTIO)).containsEntry("status", "True");
            });
    assertThat(caBundles(pr.remote))
        .allSatisfy(b -> assertThat(b).isEqualTo(HandBuiltMesh.b64(mesh.root.certificatePem())));
    assertThat(
            pr.remote
                .client()
                .configMaps()
                .inNamespace("istio-system")
                .withName("istio-ca-root-cert")
                .get()
                .getData())
        .containsEntry("root-cert.pem", mesh.root.certificatePem());
  }

  @Test
  void aPrimaryWithoutExternalIstiodNeverLeadsARemote() {
    PrimaryRemote pr = primaryAndRemote(false, "p1");

    mesh.shareReader(pr.remote, pr.primary);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(pr.primary.istiod().orElseThrow().state().reads()).contains("r1"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(ready(pr.remote, MeshCrds.ISTIO)).containsEntry("status", "False"));
    assertThat(pr.primary.istiod().orElseThrow().state().leads()).isEmpty();
  }

  @Test
  void theControlPlaneAnnotationIsReadWhenTheSecretIsAddedNotLater() {
    PrimaryRemote pr = primaryAndRemote(true, null);
    mesh.shareReader(pr.remote, pr.primary);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(pr.primary.istiod().orElseThrow().state().reads()).contains("r1"));

    // annotated after the primary took the secret in: nothing changes
    mesh.namespaces(pr.remote, "n2", "p1");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(ready(pr.remote, MeshCrds.ISTIO)).containsEntry("status", "False"));

    // a new secret (a new token) is a new cluster to istiod: now it reads the annotation
    String token = mesh.readerToken(pr.remote, "second-token");
    mesh.remoteSecret(
        pr.primary,
        "r1",
        HandBuiltMesh.kubeconfig(
            "r1", pr.remote.apiServerUrl(), pr.remote.apiServer().pki().caPem(), token, null));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(ready(pr.remote, MeshCrds.ISTIO)).containsEntry("status", "True"));
  }

  @Test
  void aHostnameRemotePilotAddressIsAnExternalNameServiceThroughWhichTheProbeFails() {
    SimulatedCluster remote = mesh.cluster("r1", "10.0.1.1");
    mesh.namespaces(remote, "n2", "p1");
    mesh.remoteIstio(remote, "n2", "ew.p1.example.net");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        remote
                            .client()
                            .services()
                            .inNamespace("istio-system")
                            .withName("istiod")
                            .get())
                    .isNotNull());
    Service istiod =
        remote.client().services().inNamespace("istio-system").withName("istiod").get();
    assertThat(istiod.getSpec().getType()).isEqualTo("ExternalName");
    assertThat(istiod.getSpec().getExternalName()).isEqualTo("ew.p1.example.net");
  }

  @Test
  void throughAnExternalNameServiceTheWebhookPortMappingIsLostAndTheProbeFails() {
    SimulatedCluster primary = mesh.cluster("p1", "ew.p1.example.net");
    SimulatedCluster remote = mesh.cluster("r1", "10.0.1.1");
    mesh.namespaces(primary, "n1", null);
    mesh.cacerts(primary);
    mesh.cni(primary);
    mesh.primaryIstio(primary, "n1", true, "");
    mesh.eastWestGateway(primary, "n1");
    mesh.exposeIstiod(primary);
    mesh.namespaces(remote, "n2", "p1");
    mesh.remoteIstio(remote, "n2", "ew.p1.example.net");
    mesh.shareReader(remote, primary);

    // the primary leads the remote and patches its webhook: Sail's probe then calls
    // istiod.istio-system.svc:443, an ExternalName to the gateway's name, on port 443
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(probeReason(remote))
                    .startsWith("Get \"https://istiod.istio-system.svc:443/ready\"")
                    .contains("has no port 443"));
    assertThat(ready(remote, MeshCrds.ISTIO)).containsEntry("status", "False");
  }

  @Test
  void aRemoteSecretNamingAnInClusterAddressReadsNothing() {
    PrimaryRemote pr = primaryAndRemote(true, "p1");
    String token = mesh.readerToken(pr.remote, "reader-token-p1");

    mesh.remoteSecret(
        pr.primary,
        "r1",
        HandBuiltMesh.kubeconfig(
            "r1", "https://10.96.0.1:443", pr.remote.apiServer().pki().caPem(), token, null));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pr.primary.istiod().orElseThrow().state().unread().get("r1"))
                    .contains("dial tcp 10.96.0.1:443: no such host or no route to it"));
    assertThat(ready(pr.remote, MeshCrds.ISTIO)).containsEntry("status", "False");
  }

  @Test
  void anotherClustersTokenIsRefused() {
    PrimaryRemote pr = primaryAndRemote(true, "p1");
    String foreign = mesh.readerToken(pr.primary, "primary-token");

    mesh.remoteSecret(
        pr.primary,
        "r1",
        HandBuiltMesh.kubeconfig(
            "r1", pr.remote.apiServerUrl(), pr.remote.apiServer().pki().caPem(), foreign, null));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pr.primary.istiod().orElseThrow().state().unread().get("r1"))
                    .contains("401 Unauthorized"));
  }

  @Test
  void aUrlBasedInjectionWebhookFailsSailsProbeWhateverItsCaBundle() {
    SimulatedCluster remote = mesh.cluster("r1", "10.0.1.1");
    mesh.namespaces(remote, "n2", "p1");
    apply(
        remote,
        """
        apiVersion: sailoperator.io/v1
        kind: Istio
        metadata:
          name: default
        spec:
          version: v1.28.1
          namespace: istio-system
          profile: remote
          values:
            istiodRemote:
              injectionURL: https://ew.p1.example.net:15017/inject/cluster/r1/net/n2
              injectionCABundle: %s
            global:
              remotePilotAddress: ew.p1.example.net
        """
            .formatted(HandBuiltMesh.b64(mesh.root.certificatePem())));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(probeReason(remote))
                    .isEqualTo("missing webhooks[].clientConfig.service"));
    assertThat(ready(remote, MeshCrds.ISTIO)).containsEntry("status", "False");
  }

  @Test
  void istioCniIsReadyOnceItsNodePodsAre() {
    SimulatedCluster c = mesh.cluster("c1", "10.0.0.1");
    mesh.cni(c);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(status(c, MeshCrds.ISTIO_CNI)).containsEntry("state", "ReconcileError"));

    mesh.namespaces(c, "n1", null);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(ready(c, MeshCrds.ISTIO_CNI)).containsEntry("status", "True"));
    var ds =
        c.client().apps().daemonSets().inNamespace("istio-cni").withName("istio-cni-node").get();
    assertThat(ds.getStatus().getNumberReady()).isEqualTo(3);
  }

  @Test
  void deletingAnIstioUninstallsItsCharts() {
    SimulatedCluster c = mesh.cluster("c1", "10.0.0.1");
    mesh.namespaces(c, "n1", null);
    mesh.primaryIstio(c, "n1", false, "");
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                c.client().apps().deployments().inNamespace("istio-system").withName("istiod").get()
                    != null);

    c.client().genericKubernetesResources(MeshCrds.ISTIO).withName("default").delete();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(
                      c.client().apps().deployments().inNamespace("istio-system").list().getItems())
                  .isEmpty();
              assertThat(
                      c.client()
                          .admissionRegistration()
                          .v1()
                          .mutatingWebhookConfigurations()
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(c.istiod()).isEmpty();
            });
  }

  /** A primary p1 on n1 (east-west gateway, expose-istiod) and a remote r1 on n2 pointing at it. */
  private PrimaryRemote primaryAndRemote(boolean externalIstiod, String controlPlaneAnnotation) {
    SimulatedCluster primary = mesh.cluster("p1", "10.0.0.1");
    SimulatedCluster remote = mesh.cluster("r1", "10.0.1.1");
    mesh.namespaces(primary, "n1", null);
    mesh.cacerts(primary);
    mesh.cni(primary);
    mesh.primaryIstio(primary, "n1", externalIstiod, "");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(ready(primary, MeshCrds.ISTIO)).containsEntry("status", "True"));
    mesh.eastWestGateway(primary, "n1");
    mesh.exposeIstiod(primary);
    mesh.namespaces(remote, "n2", controlPlaneAnnotation);
    mesh.cni(remote);
    mesh.remoteIstio(remote, "n2", "10.0.0.1");
    return new PrimaryRemote(primary, remote);
  }

  private record PrimaryRemote(SimulatedCluster primary, SimulatedCluster remote) {}

  private static List<String> caBundles(SimulatedCluster c) {
    return c
        .client()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .list()
        .getItems()
        .stream()
        .filter(w -> w.getWebhooks() != null)
        .flatMap(w -> w.getWebhooks().stream())
        .map(MutatingWebhook::getClientConfig)
        .map(cc -> cc.getCaBundle() == null ? "" : cc.getCaBundle())
        .toList();
  }

  private static String probeReason(SimulatedCluster c) {
    var webhook =
        c.client()
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .withName("istio-sidecar-injector")
            .get();
    Map<String, String> annotations =
        webhook == null ? null : webhook.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("sailoperator.io/readinessProbe.reason");
  }

  @SuppressWarnings("unchecked")
  private static String conditionMessage(SimulatedCluster c, String type) {
    Object conditions = status(c, MeshCrds.ISTIO).get("conditions");
    for (Object o : (List<Object>) conditions) {
      Map<String, Object> m = (Map<String, Object>) o;
      if (type.equals(m.get("type"))) {
        return String.valueOf(m.get("message"));
      }
    }
    return null;
  }

  static IstiodSimulator.State istiodOf(SimulatedCluster c) {
    return c.istiod().orElseThrow().state();
  }
}
