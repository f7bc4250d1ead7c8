package io.meshfed.agent.security;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.meshfed.agent.model.IstioNames;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Secret of one {@link ReaderToken}. A token meshfed makes comes from the TokenRequest API and
 * is bound to this Secret, which keeps it ({@code token}): type {@code Opaque}, so that no token
 * controller fills it and no legacy token authenticator accepts anything in it; deleting it revokes
 * the token at once. meshfed adds its labels (so that a leave deletes it), the credential id, the
 * expiry and who it was sealed for as annotations. A legacy token Secret ({@code
 * kubernetes.io/service-account-token}) of earlier agents is read as such and kept as it is until
 * its replacement was applied. Pure.
 */
public final class ReaderTokenSecrets {

  /**
   * The service account whose token peers' istiod use: {@code istio-system/meshfed-reader}, which
   * the agent's chart makes with the rights a peer istiod needs and no Secrets (its {@code
   * files/reader-clusterrole-rules.yaml}); not Istio's {@code istio-reader-service-account}, whose
   * role reads every Secret, the agent's keys among them.
   */
  public static final String READER_ACCOUNT = "meshfed-reader";

  /** The type of legacy token Secrets, which the token controller fills. */
  public static final String LEGACY_TYPE = "kubernetes.io/service-account-token";

  public static final String TYPE = "Opaque";
  public static final String SERVICE_ACCOUNT_ANNOTATION = "kubernetes.io/service-account.name";
  public static final String CREDENTIAL_ID_ANNOTATION = "meshfed.io/credential-id";
  public static final String EXPIRES_AT_ANNOTATION = "meshfed.io/expires-at";
  public static final String SEALED_FOR_ANNOTATION = "meshfed.io/sealed-for";
  public static final String COMPONENT = "reader-token";
  public static final String NAME_PREFIX = "meshfed-reader-token-";
  public static final String TOKEN = "token";
  public static final String CA_CRT = "ca.crt";

  private ReaderTokenSecrets() {}

  /** A new generation, named after the second it was created in. */
  public static ReaderToken next(String cluster, Instant now, Duration lifetime) {
    long second = now.getEpochSecond();
    return new ReaderToken(
        NAME_PREFIX + second,
        cluster + "-" + second,
        Instant.ofEpochSecond(second),
        Instant.ofEpochSecond(second).plus(lifetime),
        Optional.empty(),
        Optional.empty());
  }

  /** The labels a reader token Secret carries beside the owned ones. */
  public static Map<String, String> componentLabel() {
    return Map.of(AgentKeysSecret.COMPONENT_LABEL, COMPONENT);
  }

  /**
   * The Secret meshfed wants for a token. For a bound token: its annotations and, once issued, the
   * token. For a legacy one: metadata and type only, so that the token controller's {@code data}
   * and the account it names stay as they are.
   */
  public static Secret render(Map<String, String> ownedLabels, ReaderToken token) {
    Map<String, String> labels = new TreeMap<>(ownedLabels);
    labels.putAll(componentLabel());
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(CREDENTIAL_ID_ANNOTATION, token.credentialId());
    annotations.put(EXPIRES_AT_ANNOTATION, token.expiresAt().toString());
    if (!token.sealedFor().isEmpty()) {
      annotations.put(SEALED_FOR_ANNOTATION, String.join(",", token.sealedFor()));
    }
    SecretBuilder secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(token.name())
            .withNamespace(IstioNames.ISTIO_SYSTEM)
            .withLabels(labels)
            .withAnnotations(annotations)
            .endMetadata();
    if (token.source() != ReaderToken.Source.BOUND) {
      return secret.withType(LEGACY_TYPE).build();
    }
    secret.withType(TYPE);
    token.token().ifPresent(t -> secret.addToData(TOKEN, SecretData.encode(t)));
    return secret.build();
  }

  /** The token a Secret meshfed made holds; empty if it is not one (annotations missing). */
  public static Optional<ReaderToken> read(GenericKubernetesResource secret) {
    String name = secret.getMetadata().getName();
    Optional<String> id = SecretData.annotation(secret, CREDENTIAL_ID_ANNOTATION);
    Optional<Instant> expiresAt =
        SecretData.annotation(secret, EXPIRES_AT_ANNOTATION).flatMap(ReaderTokenSecrets::instant);
    if (name == null || !name.startsWith(NAME_PREFIX) || id.isEmpty() || expiresAt.isEmpty()) {
      return Optional.empty();
    }
    Instant createdAt;
    try {
      createdAt = Instant.ofEpochSecond(Long.parseLong(name.substring(NAME_PREFIX.length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Map<String, String> data = SecretData.of(secret);
    ReaderToken.Source source;
    if (!LEGACY_TYPE.equals(type(secret))) {
      source = ReaderToken.Source.BOUND;
    } else if (SecretData.annotation(secret, SERVICE_ACCOUNT_ANNOTATION)
        .filter(READER_ACCOUNT::equals)
        .isPresent()) {
      source = ReaderToken.Source.LEGACY;
    } else {
      source = ReaderToken.Source.OTHER_ACCOUNT;
    }
    SortedSet<String> sealedFor = new TreeSet<>();
    SecretData.annotation(secret, SEALED_FOR_ANNOTATION)
        .ifPresent(
            list ->
                Arrays.stream(list.split(","))
                    .map(String::strip)
                    .filter(n -> !n.isEmpty())
                    .forEach(sealedFor::add));
    return Optional.of(
        new ReaderToken(
            name,
            id.get(),
            createdAt,
            expiresAt.get(),
            Optional.ofNullable(data.get(TOKEN)).map(String::strip).filter(t -> !t.isEmpty()),
            Optional.ofNullable(data.get(CA_CRT)).filter(c -> !c.isBlank()),
            source,
            Optional.ofNullable(secret.getMetadata().getUid()).filter(u -> !u.isBlank()),
            sealedFor));
  }

  private static String type(GenericKubernetesResource secret) {
    Object type = secret.getAdditionalProperties().get("type");
    return type == null ? TYPE : type.toString();
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
