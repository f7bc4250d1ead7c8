package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metadata rules every kind gets, through a mock API server. */
class ObjectMetaRulesTest {

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

  @Test
  void aCustomResourceWithCapitalsInItsNameIsRefusedInTheApiServersWords() {
    ApiServerFixture.Answer answer =
        api.post(
            "/apis/sailoperator.io/v1/istios",
            """
            {"apiVersion": "sailoperator.io/v1", "kind": "Istio",
             "metadata": {"name": "Default"}, "spec": {"version": "v1.28.1"}}
            """);

    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.json().path("message").asText())
        .isEqualTo(
            "Istio.sailoperator.io \"Default\" is invalid: metadata.name: Invalid value:"
                + " \"Default\": a lowercase RFC 1123 subdomain must consist of lower case"
                + " alphanumeric characters, '-' or '.', and must start and end with an"
                + " alphanumeric character (e.g. 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    assertThat(answer.json().path("kind").asText()).isEqualTo("Status");
    assertThat(answer.json().path("reason").asText()).isEqualTo("Invalid");
    assertThat(answer.json().path("details").path("group").asText()).isEqualTo("sailoperator.io");
    assertThat(answer.json().path("details").path("kind").asText()).isEqualTo("Istio");
    assertThat(answer.json().path("details").path("causes").get(0).path("field").asText())
        .isEqualTo("metadata.name");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void aLabelValueOf64CharactersIsRefused() {
    KubernetesClientException e =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                api.client()
                    .configMaps()
                    .inNamespace("default")
                    .resource(
                        new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("long-label")
                            .addToLabels("app", "a".repeat(64))
                            .endMetadata()
                            .build())
                    .create());

    assertThat(e.getCode()).isEqualTo(422);
    List<StatusCause> causes = e.getStatus().getDetails().getCauses();
    assertThat(causes).hasSize(1);
    assertThat(causes.get(0).getField()).isEqualTo("metadata.labels");
    assertThat(causes.get(0).getReason()).isEqualTo("FieldValueInvalid");
    assertThat(causes.get(0).getMessage())
        .isEqualTo("Invalid value: \"" + "a".repeat(64) + "\": must be no more than 63 characters");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void aValidObjectReachesTheStoreUnchanged() {
    String body =
        """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ok","namespace":"default",\
        "labels":{"app.kubernetes.io/managed-by":"meshfed","empty":""},\
        "annotations":{"Example.COM/Key_1":"x"}},"data":{"a.b":"c"}}""";

    ApiServerFixture.Answer answer = api.post("/api/v1/namespaces/default/configmaps", body);

    assertThat(answer.code()).isEqualTo(201);
    assertThat(api.reached())
        .containsExactly(
            new ApiServerFixture.Reached(
                "POST", "/api/v1/namespaces/default/configmaps", "application/json", body));
  }
}
