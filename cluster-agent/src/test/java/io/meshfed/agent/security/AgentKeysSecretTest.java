package io.meshfed.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.sign.RecordSigner;
import io.meshfed.security.sign.RecordVerifier;
import io.meshfed.security.sign.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AgentKeysSecretTest {

  @Test
  void theKeysReadBackFromTheirSecretAreTheKeysThatWereWritten() {
    AgentKeys keys =
        AgentKeys.generate()
            .withPendingIntermediate(IntermediateCsr.generate("cluster1", CaKeyType.EC_P256));
    Secret secret = AgentKeysSecret.render(keys);

    AgentKeys read = AgentKeysSecret.read("cluster1", text(secret));

    assertThat(read.signingPublicKey()).isEqualTo(keys.signingPublicKey());
    assertThat(read.keyId()).isEqualTo(keys.keyId());
    assertThat(read.recipientPublicKey()).isEqualTo(keys.recipientPublicKey());
    assertThat(read.pendingIntermediate().orElseThrow().csrPem())
        .isEqualTo(keys.pendingIntermediate().orElseThrow().csrPem());
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(
            RecordVerifier.verify(
                SigningKeys.decodePublicKey(keys.signingPublicKey()),
                "cluster1",
                body,
                RecordSigner.sign(read.signingKey(), "cluster1", body)))
        .isTrue();
  }

  @Test
  void theSecretBelongsToTheAgentNotToAMembership() {
    Secret secret = AgentKeysSecret.render(AgentKeys.generate());

    assertThat(secret.getMetadata().getNamespace()).isEqualTo("istio-system");
    assertThat(secret.getMetadata().getName()).isEqualTo("meshfed-agent-keys");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "meshfed")
        .containsEntry("meshfed.io/component", "agent-keys")
        .doesNotContainKeys("meshfed.io/cluster", "meshfed.io/mesh");
    assertThat(text(secret))
        .doesNotContainKeys(AgentKeysSecret.INTERMEDIATE_KEY, AgentKeysSecret.INTERMEDIATE_CSR);
  }

  @Test
  void aMissingOrMismatchedEntryIsNamed() {
    Map<String, String> entries = text(AgentKeysSecret.render(AgentKeys.generate()));
    Map<String, String> missing = new TreeMap<>(entries);
    missing.remove(AgentKeysSecret.RECIPIENT_KEYSET);
    assertThatThrownBy(() -> AgentKeysSecret.read("cluster1", missing))
        .hasMessageContaining(AgentKeysSecret.RECIPIENT_KEYSET);

    Map<String, String> mismatched = new TreeMap<>(entries);
    mismatched.put(AgentKeysSecret.SIGNING_PUBLIC_KEY, AgentKeys.generate().signingPublicKey());
    assertThatThrownBy(() -> AgentKeysSecret.read("cluster1", mismatched))
        .hasMessageContaining(AgentKeysSecret.SIGNING_PUBLIC_KEY)
        .hasMessageContaining(AgentKeysSecret.SIGNING_KEY);
  }

  @Test
  void theKeysNeverPrintTheirSecrets() {
    AgentKeys keys = AgentKeys.generate();
    assertThat(keys.toString())
        .contains(keys.keyId())
        .doesNotContain(SigningKeys.encodePrivateKey(keys.signingKey()))
        .doesNotContain(keys.recipientKeys().privateKeyset());
  }

  private static Map<String, String> text(Secret secret) {
    Map<String, String> text = new TreeMap<>();
    secret
        .getData()
        .forEach(
            (k, v) ->
                text.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return text;
  }
}
