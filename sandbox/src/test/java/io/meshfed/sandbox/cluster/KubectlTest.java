package io.meshfed.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@code kubectl} against a simulated cluster, through the kubeconfig the cluster writes.
 * Skipped when {@code kubectl} is not installed.
 */
class KubectlTest {

  private static final Path WORK = Path.of("target", "kubectl-test");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static SimulatedCluster cluster;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(kubectlInstalled(), "kubectl is not installed");
    cluster =
        SimulatedCluster.start(
            SimulatedClusterSpec.of(
                "cluster-kubectl",
                "region1",
                "zone2",
                "subzone2",
                AddressPool.ips("10.64.30.75-10.64.30.77")));
    kubeconfig = cluster.writeKubeconfig(WORK.resolve("kubeconfig.yaml"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void readsDiscoveryNamespacesAndNodes() throws Exception {
    assertThat(kubectl("get", "ns", "-o", "name"))
        .contains("namespace/default", "namespace/kube-system");
    assertThat(
            kubectl(
                "get",
                "nodes",
                "-o",
                "jsonpath={.items[*].metadata.labels.topology\\.istio\\.io/subzone}"))
        .isEqualTo("subzone2 subzone2 subzone2");
    assertThat(kubectl("api-resources", "--api-group=sailoperator.io", "-o", "name"))
        .contains("istios.sailoperator.io", "istiocnis.sailoperator.io");
    assertThat(kubectl("version", "-o", "json")).contains("\"gitVersion\": \"v1.32.0\"");
  }

  @Test
  void createsAnIstioAndSeesItHealthy() throws Exception {
    Path file = WORK.resolve("istio.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: istio-kubectl
        ---
        apiVersion: sailoperator.io/v1
        kind: Istio
        metadata:
          name: default
        spec:
          version: v1.28.1
          namespace: istio-kubectl
          values:
            global:
              meshID: mesh1
              multiCluster:
                clusterName: cluster-kubectl
              network: network2
        """);
    assertThat(kubectl("create", "-f", file.toString()))
        .contains("namespace/istio-kubectl created", "istio.sailoperator.io/default created");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl("get", "istio", "default", "-o", "jsonpath={.status.state}"))
                    .isEqualTo("Healthy"));
    assertThat(kubectl("get", "istio", "default", "-o", "yaml")).contains("network: network2");
    assertThat(kubectl("delete", "istio", "default")).contains("deleted");
    assertThat(
            cluster.client().genericKubernetesResources(MeshCrds.ISTIO).withName("default").get())
        .isNull();
  }

  @Test
  void labelsANamespaceAndSeesALoadBalancerAddress() throws Exception {
    // Typed generators send protobuf; the simulated server refuses it at once instead of hanging.
    assertThat(kubectlFails("create", "namespace", "istio-system"))
        .contains("UnsupportedMediaType");
    Path namespace = WORK.resolve("namespace.yaml");
    Files.writeString(
        namespace, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n");
    assertThat(kubectl("create", "-f", namespace.toString()))
        .contains("namespace/istio-system created");
    assertThat(kubectl("label", "namespace", "istio-system", "topology.istio.io/network=network2"))
        .contains("labeled");
    assertThat(
            cluster.client().namespaces().withName("istio-system").get().getMetadata().getLabels())
        .containsEntry("topology.istio.io/network", "network2");

    Path file = WORK.resolve("service.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: istio-eastwestgateway
          namespace: istio-system
        spec:
          type: LoadBalancer
          ports:
          - name: tls
            port: 15443
        """);
    assertThat(kubectl("create", "-f", file.toString())).contains("created");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        kubectl(
                            "get",
                            "svc",
                            "-n",
                            "istio-system",
                            "istio-eastwestgateway",
                            "-o",
                            "jsonpath={.status.loadBalancer.ingress[*].ip}"))
                    .isEqualTo("10.64.30.75"));
  }

  private static String kubectl(String... args) throws IOException, InterruptedException {
    Result result = run(args);
    assertThat(result.exitCode())
        .as("kubectl %s exit code; output: %s", List.of(args), result.output())
        .isZero();
    return result.output();
  }

  private static String kubectlFails(String... args) throws IOException, InterruptedException {
    Result result = run(args);
    assertThat(result.exitCode())
        .as("kubectl %s exit code; output: %s", List.of(args), result.output())
        .isNotZero();
    return result.output();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.add("--kubeconfig=" + kubeconfig.toAbsolutePath());
    command.add("--cache-dir=" + WORK.resolve("cache").toAbsolutePath());
    command.add("--request-timeout=20s");
    command.addAll(List.of(args));
    Path output = Files.createTempFile(Files.createDirectories(WORK), "kubectl", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean finished = process.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8).trim();
    Files.delete(output);
    assertThat(finished)
        .as("kubectl %s finished within 60 s; output: %s", List.of(args), text)
        .isTrue();
    return new Result(process.exitValue(), text);
  }

  private static boolean kubectlInstalled() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) {
        return true;
      }
    }
    return false;
  }
}
