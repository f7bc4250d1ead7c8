package io.meshfed.agent.hosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mock API servers of the hosted-mode tests are verified as real ones are. */
class MockApiServerTlsTest {

  private KubernetesMockServer server;
  private MockApiServerTls tls;
  private String url;

  @BeforeEach
  void start() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    MockWebServer web = new MockWebServer();
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(), web, responses, new KubernetesMixedDispatcher(responses), false);
    web.useHttps();
    server.init(loopback, 0);
    tls = MockApiServerTls.issue("east", loopback);
    tls.install(web);
    url = "https://127.0.0.1:" + server.getPort();
  }

  @AfterEach
  void stop() {
    server.destroy();
  }

  @Test
  void aClientWithTheClustersCaConnects() {
    try (KubernetesClient client = client(base().withCaCertData(tls.caData()))) {
      assertThat(client.namespaces().list().getItems()).isEmpty();
    }
  }

  @Test
  void aClientWithoutItFailsTls() {
    try (KubernetesClient client = client(base())) {
      assertThatThrownBy(() -> client.namespaces().list())
          .isInstanceOf(KubernetesClientException.class)
          .hasStackTraceContaining("SSL");
    }
  }

  @Test
  void aClientReachingTheServerByAnotherNameFailsTls() {
    try (KubernetesClient client =
        client(
            base()
                .withMasterUrl("https://localhost:" + server.getPort())
                .withCaCertData(tls.caData()))) {
      assertThatThrownBy(() -> client.namespaces().list())
          .isInstanceOf(KubernetesClientException.class);
    }
  }

  private ConfigBuilder base() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withOauthToken("not-checked-by-the-mock")
        .withRequestRetryBackoffLimit(0);
  }

  private static KubernetesClient client(ConfigBuilder config) {
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }
}
