package io.meshfed.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.meshfed.events.Topics;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.sandbox.Sandbox;
import io.meshfed.sandbox.Topology;
import io.meshfed.security.kubeconfig.ClearTextScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Secrets never cross Kafka in clear text: once the mesh formed and the primary holds working
 * remote secrets of its remotes (so reader tokens were minted, sealed, routed and opened), every
 * record of every topic — keys, headers and values — holds no token, no private key and no
 * kubeconfig with credentials. The one exception is by design (docs/security.md): a request on
 * meshfed.requests.v1 carries its sender's bearer token in its meshfed_authorization header, and
 * nowhere else.
 */
class NoClearTextE2eTest {

  private static final String PRIMARY = "mdemo-cluster1";
  private static final List<String> REMOTES = List.of("mdemo-cluster2", "mdemo-cluster3");

  @Test
  void noRecordOfAnyTopicCarriesATokenAPrivateKeyOrACredentialedKubeconfig() throws IOException {
    Topology topology =
        Topology.read(
            E2eSandboxes.home().resolve("deploy/examples/default-hosted-multi-network.yaml"));
    try (Sandbox sandbox = E2eSandboxes.started("no-clear-text", topology, 0)) {
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
                      .as(
                          "the kubeconfig %s sealed for %s carries its reader token",
                          remote, PRIMARY)
                      .contains("token:");
                  assertThat(ClearTextScanner.scan(kubeconfig))
                      .as("the scanner recognises a credentialed kubeconfig")
                      .isNotEmpty();
                }
              });

      BrokerLog log = new BrokerLog(sandbox.kafka());
      List<String> findings = new ArrayList<>();
      int scanned = 0;
      int requestTokens = 0;
      for (String topic : Topics.ALL) {
        for (ConsumerRecord<String, byte[]> r : log.records(topic)) {
          scanned++;
          String where = topic + "/" + r.partition() + "@" + r.offset();
          if (r.key() != null) {
            ClearTextScanner.scan(r.key()).forEach(f -> findings.add(where + " key: " + f));
          }
          for (Header h : r.headers()) {
            if (topic.equals(Topics.REQUESTS) && h.key().equals(CloudEventHeaders.AUTHORIZATION)) {
              requestTokens++;
              continue;
            }
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
      assertThat(requestTokens).as("requests carrying their sender's token").isPositive();
      assertThat(findings).as("clear-text secrets on Kafka").isEmpty();
    }
  }
}
