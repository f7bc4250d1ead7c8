package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status subresource of a custom resource and its generation: a write to the object ignores its
 * status, a write to /status changes nothing else, and the generation moves with the spec only.
 */
class StatusSubresourceTest {

  private static final String ISTIO = "/apis/sailoperator.io/v1/istios/default";
  private static ApiServerFixture api;

  @BeforeAll
  static void start() {
    api = ApiServerFixture.start();
    api.post(
        "/apis/sailoperator.io/v1/istios",
        "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"Istio\",\"metadata\":{\"name\":\"default\"},"
            + "\"spec\":{\"version\":\"v1.28.1\"},\"status\":{\"state\":\"Forged\"}}");
  }

  @BeforeEach
  void forgetEarlierRequests() {
    api.reached();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static long generation() {
    return api.get(ISTIO).path("metadata").path("generation").asLong();
  }

  @Test
  void theGenerationMovesWithTheSpecOnly() {
    assertThat(api.get(ISTIO).has("status")).isFalse();
    long before = generation();

    ObjectNode statusOnly = (ObjectNode) api.get(ISTIO);
    statusOnly.putObject("status").put("state", "Healthy");
    statusOnly
        .withObjectProperty("metadata")
        .withObjectProperty("labels")
        .put("meshfed.io/mesh", "m");
    assertThat(api.put(ISTIO, statusOnly.toString()).code()).isEqualTo(200);
    assertThat(api.get(ISTIO).has("status")).isFalse();
    assertThat(api.get(ISTIO).at("/metadata/labels/meshfed.io~1mesh").asText()).isEqualTo("m");
    assertThat(generation()).isEqualTo(before);

    ObjectNode unknownOnly = (ObjectNode) api.get(ISTIO);
    unknownOnly.withObjectProperty("spec").put("colour", "blue");
    assertThat(api.put(ISTIO, unknownOnly.toString()).code()).isEqualTo(200);
    assertThat(generation()).isEqualTo(before);

    assertThat(api.mergePatch(ISTIO, "{\"spec\":{\"version\":\"v1.28.2\"}}").code()).isEqualTo(202);
    assertThat(generation()).isEqualTo(before + 1);
  }

  @Test
  void aStatusWriteWithAQueryStringChangesTheStatusAndNothingElse() {
    long before = generation();
    String version = api.get(ISTIO).at("/spec/version").asText();

    ApiServerFixture.Answer answer =
        api.mergePatch(
            ISTIO + "/status?fieldManager=sail-operator",
            "{\"spec\":{\"version\":\"v1.27.0\"},\"status\":{\"state\":\"Healthy\",\"observedGeneration\":"
                + before
                + ",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
                + "\"lastTransitionTime\":\"2026-01-02T03:04:05Z\"}]}}");

    assertThat(answer.code()).isEqualTo(202);
    JsonNode stored = api.get(ISTIO);
    assertThat(stored.at("/status/state").asText()).isEqualTo("Healthy");
    assertThat(stored.at("/spec/version").asText()).isEqualTo(version);
    assertThat(generation()).isEqualTo(before);
    assertThat(api.reached())
        .singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo(ISTIO + "/status"));
  }

  @Test
  void aStatusIsCheckedAgainstTheStatusSchema() {
    ApiServerFixture.Answer answer =
        api.jsonPatch(
            ISTIO + "/status",
            "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"conditions\":"
                + "[{\"type\":\"Ready\",\"lastTransitionTime\":\"yesterday\"}],\"revisions\":{\"total\":1}}}]");

    assertThat(Refusals.fields(answer))
        .containsExactly(
            "status.conditions[0].lastTransitionTime",
            "status.revisions.inUse",
            "status.revisions.ready");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void aKindWithoutStatusSubresourceHasNoStatusPath() {
    api.post(
        "/api/v1/namespaces/default/secrets",
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"}}");
    api.reached();

    ApiServerFixture.Answer answer =
        api.mergePatch("/api/v1/namespaces/default/secrets/s/status", "{\"status\":{\"a\":1}}");

    assertThat(answer.code()).isEqualTo(404);
    assertThat(api.reached()).isEmpty();
  }
}
