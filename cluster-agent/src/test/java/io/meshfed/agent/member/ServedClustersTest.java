package io.meshfed.agent.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.agent.config.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedClustersTest {

  @TempDir Path dir;

  @Test
  void singleClusterModeServesTheNamedClusterWithTheDefaultClient() {
    assertThat(ServedClusters.from(TestConfig.of("cluster1")))
        .containsExactly(ServedCluster.withDefaultClient("cluster1"));
  }

  @Test
  void aDirectoryServesOneClusterPerKubeconfigNamedAfterTheFile() throws IOException {
    Path east = kubeconfig(dir.resolve("east.yaml"));
    Path west = kubeconfig(dir.resolve("west"));
    Path north = kubeconfig(dir.resolve("north.kubeconfig"));
    // what a mounted Secret holds beside its keys
    Files.createDirectory(dir.resolve("..2026_11_22_00_00_00.1"));
    kubeconfig(dir.resolve("..data"));
    kubeconfig(dir.resolve(".hidden"));

    assertThat(ServedClusters.from(TestConfig.hosted(Optional.of(dir.toString()), List.of())))
        .containsExactly(
            ServedCluster.withKubeconfig("east", east),
            ServedCluster.withKubeconfig("north", north),
            ServedCluster.withKubeconfig("west", west));
  }

  @Test
  void aListNamesEachClusterAndItsKubeconfigAndMayBeCombinedWithADirectory() throws IOException {
    Path east = kubeconfig(dir.resolve("east.yaml"));
    Path other = Files.createDirectory(dir.resolve("other"));
    Path south = kubeconfig(other.resolve("config-of-south"));

    assertThat(
            ServedClusters.from(
                TestConfig.hosted(Optional.of(dir.toString()), List.of(" south = " + south))))
        .containsExactly(
            ServedCluster.withKubeconfig("east", east),
            ServedCluster.withKubeconfig("south", south));
  }

  @Test
  void noModeIsRefusedWithWhatToSet() {
    assertThatThrownBy(() -> ServedClusters.from(TestConfig.hosted(Optional.empty(), List.of())))
        .isInstanceOf(InvalidServedClustersException.class)
        .hasMessageContaining("no cluster to serve")
        .hasMessageContaining("MESHFED_AGENT_CLUSTER_NAME")
        .hasMessageContaining("MESHFED_AGENT_HOSTED_KUBECONFIG_DIR")
        .hasMessageContaining("MESHFED_AGENT_HOSTED_CLUSTERS");
  }

  @Test
  void bothModesAreRefused() throws IOException {
    kubeconfig(dir.resolve("east"));
    TestConfig both =
        TestConfig.hosted(Optional.of(dir.toString()), List.of())
            .withClusterName(Optional.of("cluster1"));

    assertThatThrownBy(() -> ServedClusters.from(both))
        .isInstanceOf(InvalidServedClustersException.class)
        .hasMessageContaining("are both set");
  }

  @Test
  void anApiServerUrlOverrideIsRefusedInHostedMode() throws IOException {
    Path east = kubeconfig(dir.resolve("east"));
    TestConfig hosted =
        TestConfig.hosted(Optional.empty(), List.of("east=" + east))
            .withApiServerUrl("https://east:6443");

    assertThatThrownBy(() -> ServedClusters.from(hosted))
        .isInstanceOf(InvalidServedClustersException.class)
        .hasMessageContaining("MESHFED_AGENT_API_SERVER_URL")
        .hasMessageContaining("single-cluster mode only");
  }

  @Test
  void unusableClustersAreRefusedNamingTheEntry() throws IOException {
    Path east = kubeconfig(dir.resolve("east"));

    assertThatThrownBy(() -> hostedList("east"))
        .hasMessageContaining("entry 'east' is not name=path-to-kubeconfig");
    assertThatThrownBy(() -> hostedList("East_1=" + east))
        .hasMessageContaining("cluster name 'East_1' is not a DNS-1123 label");
    assertThatThrownBy(() -> hostedList("west=" + dir.resolve("missing")))
        .hasMessageContaining("cluster west: kubeconfig " + dir.resolve("missing"))
        .hasMessageContaining("is not a readable file");
    assertThatThrownBy(
            () ->
                ServedClusters.from(
                    TestConfig.hosted(Optional.of(dir.toString()), List.of("east=" + east))))
        .hasMessageContaining("cluster east is configured twice");
  }

  @Test
  void aDirectoryWithoutKubeconfigsOrWithAFileThatNamesNoClusterIsRefused() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThatThrownBy(() -> hostedDir(empty)).hasMessageContaining("holds no kubeconfig file");
    assertThatThrownBy(() -> hostedDir(dir.resolve("absent")))
        .hasMessageContaining("is not a directory");

    Path withReadme = Files.createDirectory(dir.resolve("with-readme"));
    kubeconfig(withReadme.resolve("east"));
    Files.writeString(withReadme.resolve("README.md"), "the mesh's kubeconfigs");
    assertThatThrownBy(() -> hostedDir(withReadme))
        .hasMessageContaining("README.md")
        .hasMessageContaining("cluster name 'README.md' is not a DNS-1123 label");
  }

  private static List<ServedCluster> hostedList(String entry) {
    return ServedClusters.from(TestConfig.hosted(Optional.empty(), List.of(entry)));
  }

  private static List<ServedCluster> hostedDir(Path dir) {
    return ServedClusters.from(TestConfig.hosted(Optional.of(dir.toString()), List.of()));
  }

  private static Path kubeconfig(Path file) throws IOException {
    return Files.writeString(file, "apiVersion: v1\nkind: Config\n");
  }
}
