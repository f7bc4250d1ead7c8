package io.meshfed.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReaderTokenSecretsTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void aBoundTokensSecretIsOpaqueKeepsTheIssuedTokenAndWhoItWasSealedFor() {
    ReaderToken token =
        ReaderTokenSecrets.next("cluster1", T0, Duration.ofDays(7))
            .issued("issued-token", T0.plus(Duration.ofDays(1)))
            .alsoSealedFor(List.of("cluster3", "cluster2"));

    Secret secret = ReaderTokenSecrets.render(Map.of(), token);

    assertThat(secret.getType())
        .as("no token controller fills it, no legacy authenticator reads it")
        .isEqualTo("Opaque");
    assertThat(secret.getMetadata().getAnnotations())
        .doesNotContainKey("kubernetes.io/service-account.name")
        .containsEntry("meshfed.io/sealed-for", "cluster2,cluster3")
        .containsEntry("meshfed.io/expires-at", T0.plus(Duration.ofDays(1)).toString());
    GenericKubernetesResource live = generic(secret);
    live.getMetadata().setUid("uid-1");
    ReaderToken read = ReaderTokenSecrets.read(live).orElseThrow();
    assertThat(read.source()).isEqualTo(ReaderToken.Source.BOUND);
    assertThat(read.token()).contains("issued-token");
    assertThat(read.uid()).contains("uid-1");
    assertThat(read.sealedFor()).containsExactly("cluster2", "cluster3");
    assertThat(read.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
  }

  @Test
  void aLegacyTokenSecretIsReadByItsAccountAndRenderedWithoutTouchingIt() {
    Secret secret =
        ReaderTokenSecrets.render(
            Map.of(), ReaderTokenSecrets.next("cluster1", T0, Duration.ofDays(7)));
    secret.setType("kubernetes.io/service-account-token");
    secret
        .getMetadata()
        .getAnnotations()
        .put("kubernetes.io/service-account.name", "meshfed-reader");

    ReaderToken ours = ReaderTokenSecrets.read(generic(secret)).orElseThrow();
    assertThat(ours.source()).isEqualTo(ReaderToken.Source.LEGACY);
    assertThat(ours.replacedAtOnce()).isTrue();
    Secret rendered = ReaderTokenSecrets.render(Map.of(), ours);
    assertThat(rendered.getType())
        .as("a Secret's type is immutable")
        .isEqualTo("kubernetes.io/service-account-token");
    assertThat(rendered.getData())
        .as("the token controller's data stays as it wrote it")
        .isNullOrEmpty();

    secret
        .getMetadata()
        .getAnnotations()
        .put("kubernetes.io/service-account.name", "istio-reader-service-account");
    ReaderToken istios = ReaderTokenSecrets.read(generic(secret)).orElseThrow();
    assertThat(istios.ofReaderAccount()).isFalse();
    assertThat(istios.credentialId()).isEqualTo("cluster1-" + T0.getEpochSecond());
  }

  private static GenericKubernetesResource generic(Secret secret) {
    return JSON.unmarshal(JSON.asJson(secret), GenericKubernetesResource.class);
  }
}
