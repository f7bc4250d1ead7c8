package io.meshfed.agent.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeconfigWriterTest {

  @Test
  void aCredentialAndTheCaGoWhereIstioctlPutsThem() {
    String yaml =
        KubeconfigWriter.write(
            "cluster2", "https://api.c2:6443", Optional.of("Q0EK"), Optional.of("token-123"));
    Config config = Config.fromKubeconfig(yaml);
    assertThat(config.getAutoOAuthToken()).isEqualTo("token-123");
    assertThat(config.getCaCertData()).isEqualTo("Q0EK");
    assertThat(config.getCurrentContext().getName()).isEqualTo("cluster2");
  }

  @Test
  void withoutACredentialTheKubeconfigOnlyPointsAtTheServer() {
    Config config =
        Config.fromKubeconfig(
            KubeconfigWriter.write(
                "cluster2", "https://api.c2:6443", Optional.empty(), Optional.empty()));
    assertThat(config.getMasterUrl()).startsWith("https://api.c2:6443");
    assertThat(config.getOauthToken()).isNull();
    assertThat(config.getAutoOAuthToken()).isNull();
  }
}
