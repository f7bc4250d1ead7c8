package io.meshfed.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshfed.events.Topics;
import io.meshfed.sandbox.Sandbox;
import io.meshfed.sandbox.Topology;
import io.meshfed.security.kubeconfig.ClearTextScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a credential meshfed shares exposes, once the mesh formed and the primary holds working
 * remote secrets of its remotes (so reader tokens were minted, sealed, routed and opened):
 *
 * <ul>
 *   <li>Secrets never cross Kafka in clear text: every record of every topic (keys, headers and
 *       values) holds no token, no private key and no kubeconfig with credentials.
 *   <li>The reader token a remote sealed for the primary is the chart's {@code meshfed-reader}: it
 *       reads what a peer istiod needs in the remote and none of its Secrets, so whoever holds the
 *       primary's remote secret cannot read the remote's meshfed keys and speak for it.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialExposureE2eTest {

  private static final String PRIMARY = "mdemo-cluster1";
  private static final List<String> REMOTES = List.of("mdemo-cluster2", "mdemo-cluster3");
  private static final Pattern TOKEN = Pattern.compile("(?m)^\\s*token:\\s*\"?([^\"\\s]+)\"?\\s*$");

  private Sandbox sandbox;

  /** Each remote's kubeconfig as the primary holds it in {@code istio-remote-secret-<remote>}. */
  private final Map<String, String> remoteKubeconfigs = new LinkedHashMap<>();

  @BeforeAll
  void formTheMesh() throws IOException {
    Topology topology =
        Topology.read(
            E2eSandboxes.home().resolve("deploy/examples/default-hosted-multi-network.yaml"));
    sandbox = E2eSandboxes.started("credential-exposure", topology, 0);
    assertThat(sandbox.declareAndAwait()).as("the mesh converged").isPresent();

    var primary = sandbox.members().get(PRIMARY).cluster().client();
    await()
        .atMost(Duration.ofSeconds(E2eSandboxes.TIMEOUT_SECONDS))
        .untilAsserted(
            () -> {
              for (String remote : REMOTES) {
                Secret s =
                    primary
                        .secrets()
                        .inNamespace("istio-system")
                        .withName("istio-remote-secret-" + remote)
                        .get();
                assertThat(s).as("remote secret of %s", remote).isNotNull();
                String kubeconfig =
                    new String(
                        Base64.getDecoder().decode(s.getData().get(remote)),
                        StandardCharsets.UTF_8);
                assertThat(kubeconfig)
                    .as("the kubeconfig %s sealed for %s carries its reader token", remote, PRIMARY)
                    .contains("token:");
                remoteKubeconfigs.put(remote, kubeconfig);
              }
            });
  }

  @AfterAll
  void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void noRecordOfAnyTopicCarriesATokenAPrivateKeyOrACredentialedKubeconfig() {
    for (String kubeconfig : remoteKubeconfigs.values()) {
      assertThat(ClearTextScanner.scan(kubeconfig))
          .as("the scanner recognises a credentialed kubeconfig")
          .isNotEmpty();
    }

    BrokerLog log = new BrokerLog(sandbox.kafka());
    List<String> findings = new ArrayList<>();
    int scanned = 0;
    for (String topic : Topics.ALL) {
      for (ConsumerRecord<String, byte[]> r : log.records(topic)) {
        scanned++;
        String where = topic + "/" + r.partition() + "@" + r.offset();
        if (r.key() != null) {
          ClearTextScanner.scan(r.key()).forEach(f -> findings.add(where + " key: " + f));
        }
        for (Header h : r.headers()) {
          if (h.value() != null) {
            ClearTextScanner.scan(h.value())
                .forEach(f -> findings.add(where + " header " + h.key() + ": " + f));
          }
        }
        if (r.value() != null) {
          ClearTextScanner.scan(r.value()).forEach(f -> findings.add(where + " value: " + f));
        }
      }
    }
    String credentials =
        log.records(Topics.CREDENTIALS).stream()
            .filter(r -> r.value() != null)
            .map(r -> new String(r.value(), StandardCharsets.UTF_8))
            .reduce("", String::concat);
    assertThat(credentials)
        .as("the sealed credentials did cross Kafka, as ciphertexts")
        .contains("\"ciphertext\"");
    assertThat(scanned).as("records read").isPositive();
    assertThat(findings).as("clear-text secrets on Kafka").isEmpty();
  }

  @Test
  void theReaderTokenOfARemoteReadsWhatIstiodNeedsThereAndNoneOfItsSecrets() {
    for (String remote : REMOTES) {
      Matcher token = TOKEN.matcher(remoteKubeconfigs.get(remote));
      assertThat(token.find()).as("a token in the kubeconfig of %s", remote).isTrue();
      try (KubernetesClient peer =
          sandbox.members().get(remote).cluster().apiServer().newClient(token.group(1))) {
        assertThat(peer.services().inAnyNamespace().list().getItems())
            .as("services of %s, read with the token %s sealed for %s", remote, remote, PRIMARY)
            .isNotEmpty();
        assertThat(peer.namespaces().list().getItems()).isNotEmpty();

        assertThatThrownBy(
                () ->
                    peer.secrets().inNamespace("istio-system").withName("meshfed-agent-keys").get())
            .as("reading the meshfed keys of %s with its reader token", remote)
            .isInstanceOfSatisfying(
                KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        assertThatThrownBy(() -> peer.secrets().inNamespace("istio-system").list())
            .as("listing the Secrets of %s with its reader token", remote)
            .isInstanceOfSatisfying(
                KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      }
    }
    assertThat(
            sandbox
                .members()
                .get(REMOTES.get(0))
                .cluster()
                .client()
                .secrets()
                .inNamespace("istio-system")
                .withName("meshfed-agent-keys")
                .get())
        .as("the keys the reader token may not read exist")
        .isNotNull();
  }
}
