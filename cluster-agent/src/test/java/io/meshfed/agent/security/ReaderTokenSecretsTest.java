package io.meshfed.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReaderTokenSecretsTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void aTokenSecretIsForMeshfedsReaderAccountWhichReadsNoSecret() {
    Secret secret =
        ReaderTokenSecrets.render(
            Map.of(), ReaderTokenSecrets.next("cluster1", T0, Duration.ofDays(7)));

    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("kubernetes.io/service-account.name", "meshfed-reader");
    assertThat(ReaderTokenSecrets.read(generic(secret)).orElseThrow().ofReaderAccount()).isTrue();
  }

  @Test
  void aTokenSecretOfIstiosReaderAccountIsReadAsAnotherAccountsToBeReplaced() {
    Secret secret =
        ReaderTokenSecrets.render(
            Map.of(), ReaderTokenSecrets.next("cluster1", T0, Duration.ofDays(7)));
    secret
        .getMetadata()
        .getAnnotations()
        .put("kubernetes.io/service-account.name", "istio-reader-service-account");

    ReaderToken token = ReaderTokenSecrets.read(generic(secret)).orElseThrow();

    assertThat(token.ofReaderAccount()).isFalse();
    assertThat(token.credentialId()).isEqualTo("cluster1-" + T0.getEpochSecond());
  }

  private static GenericKubernetesResource generic(Secret secret) {
    return JSON.unmarshal(JSON.asJson(secret), GenericKubernetesResource.class);
  }
}
