package io.meshfed.agent.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.meshfed.agent.model.PeerKubeconfig;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerCredentialsTest {

  @Test
  void withoutATransportTheKubeconfigPointsAtThePeerButCarriesNoCredential() {
    MemberPlan peer =
        new MemberPlan(
            Role.PRIMARY, "network2", null, null, false, "https://api.c2:6443", List.of());

    PeerKubeconfig kubeconfig =
        new UnconfiguredPeerCredentials().forPeer("cluster2", peer).orElseThrow();

    assertThat(kubeconfig.withCredential()).isFalse();
    Config config = Config.fromKubeconfig(kubeconfig.kubeconfig());
    assertThat(config.getMasterUrl()).startsWith("https://api.c2:6443");
    assertThat(config.getCurrentContext().getName()).isEqualTo("cluster2");
    assertThat(config.getOauthToken()).isNull();
    assertThat(config.getAutoOAuthToken()).isNull();
  }

  @Test
  void aPeerWithoutKnownApiServerGetsNoKubeconfig() {
    MemberPlan peer = new MemberPlan(Role.PRIMARY, "network2", null, null, false, null, List.of());
    assertThat(new UnconfiguredPeerCredentials().forPeer("cluster2", peer)).isEmpty();
  }

  @Test
  void aCredentialAndTheCaGoWhereIstioctlPutsThem() {
    String yaml =
        KubeconfigWriter.write(
            "cluster2", "https://api.c2:6443", Optional.of("Q0EK"), Optional.of("token-123"));
    Config config = Config.fromKubeconfig(yaml);
    assertThat(config.getAutoOAuthToken()).isEqualTo("token-123");
    assertThat(config.getCaCertData()).isEqualTo("Q0EK");
  }
}
