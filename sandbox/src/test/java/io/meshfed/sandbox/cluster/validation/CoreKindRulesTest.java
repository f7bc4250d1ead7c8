package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secrets, ConfigMaps, Namespaces and ServiceAccounts, and the namespace lifecycle. */
class CoreKindRulesTest {

  private static final String SECRETS = "/api/v1/namespaces/istio-system/secrets";
  private static ApiServerFixture api;

  @BeforeAll
  static void start() {
    api = ApiServerFixture.start();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    api.reached();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String secret(String name, String type, String data) {
    return """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s"},"type":"%s","data":%s}"""
        .formatted(name, type, data);
  }

  @Test
  void aSecretKeyMustBeAConfigKey() {
    ApiServerFixture.Answer answer =
        api.post(SECRETS, secret("bad-key", "Opaque", "{\"a b\":\"eA==\",\"ok.key\":\"eA==\"}"));

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "data[a b]: FieldValueInvalid: Invalid value: \"a b\": a valid config key must consist"
                + " of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME', "
                + " or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
    assertThat(Refusals.message(answer)).startsWith("Secret \"bad-key\" is invalid: data[a b]:");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void aSecretValueMustBeBase64() {
    ApiServerFixture.Answer answer =
        api.post(SECRETS, secret("not-b64", "Opaque", "{\"k\":\"a!b=\"}"));

    assertThat(answer.code()).isEqualTo(400);
    assertThat(Refusals.message(answer))
        .isEqualTo(
            "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 1");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void aSecretHoldsAtMostOneMebibyte() {
    String big = Base64.getEncoder().encodeToString(new byte[1024 * 1024 + 1]);

    ApiServerFixture.Answer answer =
        api.post(SECRETS, secret("big", "Opaque", "{\"k\":\"" + big + "\"}"));

    assertThat(Refusals.causes(answer))
        .containsExactly("data: FieldValueTooLong: Too long: must have at most 1048576 bytes");
  }

  @Test
  void theKeysATypeRequiresAndTheServiceAccountOfATokenSecret() {
    assertThat(Refusals.fields(api.post(SECRETS, secret("tls", "kubernetes.io/tls", "{}"))))
        .containsExactly("data[tls.crt]", "data[tls.key]");
    assertThat(
            Refusals.fields(
                api.post(SECRETS, secret("token", "kubernetes.io/service-account-token", "{}"))))
        .containsExactly("metadata.annotations[kubernetes.io/service-account.name]");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void theTypeOfASecretCannotChange() {
    assertThat(api.post(SECRETS, secret("typed", "Opaque", "{}")).code()).isEqualTo(201);
    api.reached();

    ApiServerFixture.Answer answer =
        api.mergePatch(SECRETS + "/typed", "{\"type\":\"example.com/other\"}");

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "type: FieldValueInvalid: Invalid value: \"example.com/other\": field is immutable");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void stringDataIsFoldedIntoDataAsAServerDoes() {
    ApiServerFixture.Answer answer =
        api.post(
            SECRETS,
            """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"strings"},
             "data":{"a":"eA=="},"stringData":{"b":"hello"}}""");

    assertThat(answer.code()).isEqualTo(201);
    assertThat(api.get(SECRETS + "/strings").path("data").toString())
        .isEqualTo("{\"a\":\"eA==\",\"b\":\"aGVsbG8=\"}");
    assertThat(api.get(SECRETS + "/strings").has("stringData")).isFalse();
  }

  @Test
  void aConfigMapKeyAndSize() {
    String path = "/api/v1/namespaces/default/configmaps";
    assertThat(
            Refusals.fields(
                api.post(
                    path,
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},"
                        + "\"data\":{\"..x\":\"y\"}}")))
        .containsExactly("data[..x]");
    assertThat(
            Refusals.causes(
                api.post(
                    path,
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},"
                        + "\"data\":{\"x\":\""
                        + "y".repeat(1024 * 1024 + 1)
                        + "\"}}")))
        .containsExactly(": FieldValueTooLong: Too long: must have at most 1048576 bytes");
  }

  @Test
  void namespaceNamesAreDnsLabels() {
    ApiServerFixture.Answer answer =
        api.post(
            "/api/v1/namespaces",
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"istio.system\"}}");

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "metadata.name: FieldValueInvalid: Invalid value: \"istio.system\": must not contain dots");
  }

  @Test
  void createInAMissingNamespaceIsNotFound() {
    ApiServerFixture.Answer answer =
        api.post(
            "/api/v1/namespaces/nowhere/serviceaccounts",
            "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"sa\"}}");

    assertThat(answer.code()).isEqualTo(404);
    assertThat(Refusals.message(answer)).isEqualTo("namespaces \"nowhere\" not found");
    assertThat(answer.json().path("reason").asText()).isEqualTo("NotFound");
    assertThat(answer.json().path("details").path("kind").asText()).isEqualTo("namespaces");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void createInATerminatingNamespaceIsForbidden() {
    api.post(
        "/api/v1/namespaces",
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"leaving\","
            + "\"finalizers\":[\"example.com/hold\"]}}");
    api.send("DELETE", "/api/v1/namespaces/leaving", null, null);
    api.reached();

    ApiServerFixture.Answer answer =
        api.post(
            "/api/v1/namespaces/leaving/configmaps",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"late\"}}");

    assertThat(answer.code()).isEqualTo(403);
    assertThat(Refusals.message(answer))
        .isEqualTo(
            "configmaps \"late\" is forbidden: unable to create new content in namespace leaving"
                + " because it is being terminated");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void aBodyInAnotherNamespaceThanThePathIsABadRequest() {
    ApiServerFixture.Answer answer =
        api.post(
            "/api/v1/namespaces/default/serviceaccounts",
            "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\","
                + "\"metadata\":{\"name\":\"sa\",\"namespace\":\"istio-system\"}}");

    assertThat(answer.code()).isEqualTo(400);
    assertThat(Refusals.message(answer))
        .isEqualTo(
            "the namespace of the provided object does not match the namespace sent on the request");
    assertThat(api.reached()).isEmpty();
  }
}
