package io.meshfed.agent.security;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.agent.model.MeshfedLabels;
import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.sign.RecordSigner;
import io.meshfed.security.sign.RecordVerifier;
import io.meshfed.security.sign.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Secret {@code istio-system/meshfed-agent-keys} that keeps the agent's keys in its cluster. It
 * is labelled {@code app.kubernetes.io/managed-by=meshfed} and {@code
 * meshfed.io/component=agent-keys} but not with a cluster or mesh: it belongs to the agent, not to
 * a membership, so it outlives a leave and a restarted or re-joining agent keeps its identity.
 * Pure.
 */
public final class AgentKeysSecret {

  public static final String NAME = "meshfed-agent-keys";
  public static final String NAMESPACE = IstioNames.ISTIO_SYSTEM;

  /** What a meshfed object is for, where it is not a part of a membership. */
  public static final String COMPONENT_LABEL = "meshfed.io/component";

  public static final String COMPONENT = "agent-keys";

  public static final String SIGNING_KEY = "signing-key";
  public static final String SIGNING_PUBLIC_KEY = "signing-public-key";
  public static final String RECIPIENT_KEYSET = "recipient-keyset";
  public static final String RECIPIENT_PUBLIC_KEYSET = "recipient-public-keyset";
  public static final String INTERMEDIATE_KEY = "intermediate-key.pem";
  public static final String INTERMEDIATE_CSR = "intermediate-csr.pem";

  private static final byte[] PROBE = "meshfed key pair check".getBytes(StandardCharsets.UTF_8);

  private AgentKeysSecret() {}

  /** The Secret holding the keys. */
  public static Secret render(AgentKeys keys) {
    Map<String, String> text = new LinkedHashMap<>();
    text.put(SIGNING_KEY, SigningKeys.encodePrivateKey(keys.signingKey()));
    text.put(SIGNING_PUBLIC_KEY, keys.signingPublicKey());
    text.put(RECIPIENT_KEYSET, keys.recipientKeys().privateKeyset());
    text.put(RECIPIENT_PUBLIC_KEYSET, keys.recipientPublicKey());
    keys.pendingIntermediate()
        .ifPresent(
            csr -> {
              text.put(INTERMEDIATE_KEY, csr.privateKeyPem());
              text.put(INTERMEDIATE_CSR, csr.csrPem());
            });
    Map<String, String> labels = new TreeMap<>();
    labels.put(MeshfedLabels.MANAGED_BY, MeshfedLabels.MANAGED_BY_VALUE);
    labels.put(COMPONENT_LABEL, COMPONENT);
    return new SecretBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(NAMESPACE)
        .withLabels(labels)
        .endMetadata()
        .withType("Opaque")
        .withData(SecretData.encode(text))
        .build();
  }

  /**
   * The keys read back from the Secret's entries (as text).
   *
   * @param cluster the cluster the keys belong to (the pending request must name it)
   * @throws IllegalArgumentException naming the entry that is missing or unusable
   */
  public static AgentKeys read(String cluster, Map<String, String> entries) {
    PrivateKey privateKey = SigningKeys.decodePrivateKey(required(entries, SIGNING_KEY));
    PublicKey publicKey = SigningKeys.decodePublicKey(required(entries, SIGNING_PUBLIC_KEY));
    if (!RecordVerifier.verify(
        publicKey, cluster, PROBE, RecordSigner.sign(privateKey, cluster, PROBE))) {
      throw new IllegalArgumentException(
          SIGNING_PUBLIC_KEY + " does not belong to " + SIGNING_KEY + " in " + NAME);
    }
    RecipientKeys recipient = RecipientKeys.fromPrivateKeyset(required(entries, RECIPIENT_KEYSET));
    IntermediateCsr pending = null;
    String key = entries.get(INTERMEDIATE_KEY);
    String csr = entries.get(INTERMEDIATE_CSR);
    if (key != null && csr != null) {
      pending = IntermediateCsr.fromPem(cluster, key, csr);
    } else if (key != null || csr != null) {
      throw new IllegalArgumentException(
          NAME + " holds only one of " + INTERMEDIATE_KEY + " and " + INTERMEDIATE_CSR);
    }
    return new AgentKeys(new KeyPair(publicKey, privateKey), recipient, pending);
  }

  private static String required(Map<String, String> entries, String key) {
    String value = entries.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(NAME + " has no entry " + key);
    }
    return value;
  }
}
