package io.meshfed.agent.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeconfigReaderTest {

  @Test
  void theServerIsThatOfTheCurrentContextsCluster() {
    String kubeconfig =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: a",
            "  cluster:",
            "    server: https://a.example:6443",
            "- name: b",
            "  cluster:",
            "    server: https://b.example:6443",
            "contexts:",
            "- name: ctx",
            "  context:",
            "    cluster: b",
            "    user: u",
            "current-context: ctx",
            "");

    assertThat(KubeconfigReader.server(kubeconfig)).contains("https://b.example:6443");
  }

  @Test
  void whatTheAgentWritesReadsBack() {
    String written =
        KubeconfigWriter.write(
            "cluster2", "https://api.cluster2.example:6443", Optional.empty(), Optional.empty());

    assertThat(KubeconfigReader.server(written)).contains("https://api.cluster2.example:6443");
  }

  @Test
  void withoutACurrentContextOnlyASingleClusterCounts() {
    String one = "clusters:\n- name: a\n  cluster:\n    server: https://a.example\n";
    String two = one + "- name: b\n  cluster:\n    server: https://b.example\n";

    assertThat(KubeconfigReader.server(one)).contains("https://a.example");
    assertThat(KubeconfigReader.server(two)).isEmpty();
  }

  @Test
  void whatIsNoKubeconfigNamesNoServer() {
    assertThat(KubeconfigReader.server("not: [a kubeconfig")).isEmpty();
    assertThat(KubeconfigReader.server("just text")).isEmpty();
    assertThat(KubeconfigReader.server("current-context: x\n")).isEmpty();
    assertThat(KubeconfigReader.server(null)).isEmpty();
  }
}
