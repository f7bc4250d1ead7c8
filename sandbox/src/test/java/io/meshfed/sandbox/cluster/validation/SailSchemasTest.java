package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshfed.sandbox.cluster.MeshCrds;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Sail operator's Istio and IstioCNI: versions, defaults, pruning, CEL rules. */
class SailSchemasTest {

  private static final String ISTIOS = "/apis/sailoperator.io/v1/istios";
  private static final String CNIS = "/apis/sailoperator.io/v1/istiocnis";
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

  private static String istio(String name, String spec) {
    return "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"Istio\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":"
        + spec
        + "}";
  }

  @Test
  void aVersionTheSailReleaseDoesNotShipIsUnsupported() {
    GenericKubernetesResource istio =
        ApiServerFixture.generic(istio("unsupported", "{\"version\":\"v1.29.0\"}"));

    KubernetesClientException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            KubernetesClientException.class,
            () -> api.client().genericKubernetesResources(MeshCrds.ISTIO).resource(istio).create());

    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getDetails().getCauses()).hasSize(2);
    assertThat(e.getStatus().getDetails().getCauses().get(0))
        .satisfies(
            c -> {
              assertThat(c.getField()).isEqualTo("spec.version");
              assertThat(c.getReason()).isEqualTo("FieldValueNotSupported");
              assertThat(c.getMessage())
                  .startsWith(
                      "Unsupported value: \"v1.29.0\": supported values: \"v1.28-latest\","
                          + " \"v1.28.10\", \"v1.28.9\",")
                  .contains("\"v1.28.1\", \"v1.28.0\", \"v1.27-latest\"")
                  .endsWith("\"v1.22.5\", \"v1.21.6\"");
            });
    assertThat(e.getStatus().getMessage())
        .startsWith("Istio.sailoperator.io \"unsupported\" is invalid: [spec.version: Unsupported");
    assertThat(e.getStatus().getDetails().getCauses().get(1).getMessage())
        .startsWith("Invalid value: \"null\": some validation rules were not checked");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void theCrdDefaultsAreStored() {
    assertThat(api.post(ISTIOS, istio("defaults", "{\"version\":\"v1.28.1\"}")).code())
        .isEqualTo(201);
    assertThat(
            api.post(
                    CNIS,
                    "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"IstioCNI\","
                        + "\"metadata\":{\"name\":\"default\"}}")
                .code())
        .isEqualTo(201);

    JsonNode spec = api.get(ISTIOS + "/defaults").path("spec");
    assertThat(spec.path("namespace").asText()).isEqualTo("istio-system");
    assertThat(spec.path("updateStrategy").path("type").asText()).isEqualTo("InPlace");
    assertThat(spec.path("version").asText()).isEqualTo("v1.28.1");
    JsonNode cni = api.get(CNIS + "/default").path("spec");
    assertThat(cni.path("namespace").asText()).isEqualTo("istio-cni");
    assertThat(cni.path("version").asText()).isEqualTo("v1.28.10");
    api.send("DELETE", CNIS + "/default", null, null);
  }

  @Test
  void anIstioCniMustBeNamedDefault() {
    ApiServerFixture.Answer answer =
        api.post(
            CNIS,
            "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"IstioCNI\","
                + "\"metadata\":{\"name\":\"cni\"},\"spec\":{\"version\":\"v1.28.1\"}}");

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "<nil>: FieldValueInvalid: Invalid value: \"object\": metadata.name must be 'default'");
  }

  @Test
  void unknownFieldsArePrunedWithAWarningOrRefusedWhenStrict() {
    String typo =
        istio(
            "typo",
            "{\"version\":\"v1.28.1\",\"values\":{\"global\":{\"meshId\":\"m\",\"meshID\":\"m\","
                + "\"proxy\":{\"anything\":1}},\"experimental\":{\"free\":{\"form\":true}}}}");

    ApiServerFixture.Answer strict = api.post(ISTIOS + "?fieldValidation=Strict", typo);
    assertThat(strict.code()).isEqualTo(400);
    assertThat(Refusals.message(strict))
        .isEqualTo("strict decoding error: unknown field \"spec.values.global.meshId\"");
    assertThat(api.reached()).isEmpty();

    ApiServerFixture.Answer pruned = api.post(ISTIOS, typo);
    assertThat(pruned.code()).isEqualTo(201);
    assertThat(pruned.warnings())
        .containsExactly("299 - \"unknown field \\\"spec.values.global.meshId\\\"\"");
    JsonNode global = api.get(ISTIOS + "/typo").path("spec").path("values").path("global");
    assertThat(global.has("meshId")).isFalse();
    assertThat(global.path("meshID").asText()).isEqualTo("m");
    assertThat(global.path("proxy").path("anything").asInt()).isEqualTo(1);
    assertThat(api.get(ISTIOS + "/typo").at("/spec/values/experimental/free/form").asBoolean())
        .isTrue();
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedAndTheCelRulesWait() {
    ApiServerFixture.Answer answer =
        api.post(
            ISTIOS,
            istio(
                "typed",
                "{\"version\":\"v1.28.1\",\"values\":{\"global\":{\"meshNetworks\":{\"n1\":"
                    + "{\"gateways\":[{\"address\":\"10.0.0.1\",\"port\":\"15443\"}]}}}}}"));

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "spec.values.global.meshNetworks[n1].gateways[0].port: FieldValueTypeInvalid: Invalid"
                + " value: \"string\": spec.values.global.meshNetworks[n1].gateways[0].port in body"
                + " must be of type integer: \"string\"",
            "<nil>: FieldValueInvalid: Invalid value: \"null\": some validation rules were not"
                + " checked because the object was invalid; correct the existing errors to complete"
                + " validation");
  }

  @Test
  void celRulesOfTheIstioCrd() {
    assertThat(
            Refusals.causes(
                api.post(
                    ISTIOS,
                    istio(
                        "ns",
                        "{\"version\":\"v1.28.1\",\"values\":{\"global\":{\"istioNamespace\":\"x\","
                            + "\"meshNetworks\":{\"n1\":{\"endpoints\":[{\"fromRegistry\":\"c1\","
                            + "\"fromCidr\":\"10.0.0.0/8\"}]}}}}}"))))
        .containsExactly(
            "spec: FieldValueInvalid: Invalid value: \"object\": spec.values.global.istioNamespace"
                + " must match spec.namespace",
            "spec.values.global.meshNetworks[n1].endpoints[0]: FieldValueInvalid: Invalid value:"
                + " \"object\": At most one of [fromCidr fromRegistry] should be set");
    assertThat(api.post(ISTIOS, istio("moving", "{\"version\":\"v1.28.1\"}")).code())
        .isEqualTo(201);

    ApiServerFixture.Answer moved =
        api.mergePatch(ISTIOS + "/moving", "{\"spec\":{\"namespace\":\"elsewhere\"}}");

    assertThat(Refusals.causes(moved))
        .containsExactly(
            "spec.namespace: FieldValueInvalid: Invalid value: \"string\": Value is immutable");
    assertThat(Refusals.causes(api.post(ISTIOS, istio("profile", "{\"profile\":\"primary\"}"))))
        .first()
        .satisfies(
            c ->
                assertThat(c)
                    .startsWith(
                        "spec.profile: FieldValueNotSupported: Unsupported value: \"primary\""));
  }

  @Test
  void anUpdateOfACustomResourceNeedsItsResourceVersion() {
    assertThat(api.post(ISTIOS, istio("locked", "{\"version\":\"v1.28.1\"}")).code())
        .isEqualTo(201);
    api.reached();

    ApiServerFixture.Answer answer =
        api.put(ISTIOS + "/locked", istio("locked", "{\"version\":\"v1.28.2\"}"));

    assertThat(answer.code()).isEqualTo(422);
    assertThat(Refusals.message(answer))
        .isEqualTo(
            "istios.sailoperator.io \"locked\" is invalid: metadata.resourceVersion: Invalid value:"
                + " 0: must be specified for an update");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void aMergePatchReplacesListsAsRfc7386Says() {
    assertThat(
            api.post(
                    ISTIOS,
                    istio(
                        "lists",
                        "{\"version\":\"v1.28.1\",\"values\":{\"global\":{\"meshNetworks\":{\"n1\":"
                            + "{\"gateways\":[{\"address\":\"10.0.0.1\",\"port\":15443},"
                            + "{\"address\":\"10.0.0.2\",\"port\":15443}]}}}}}"))
                .code())
        .isEqualTo(201);
    api.reached();

    ApiServerFixture.Answer answer =
        api.mergePatch(
            ISTIOS + "/lists",
            "{\"spec\":{\"profile\":null,\"values\":{\"global\":{\"meshNetworks\":{\"n1\":"
                + "{\"gateways\":[{\"address\":\"10.0.0.3\",\"port\":15443}]}}}}}}");

    assertThat(answer.code()).isEqualTo(202);
    JsonNode gateways =
        api.get(ISTIOS + "/lists").at("/spec/values/global/meshNetworks/n1/gateways");
    assertThat(gateways.toString()).isEqualTo("[{\"address\":\"10.0.0.3\",\"port\":15443}]");
    assertThat(api.reached())
        .singleElement()
        .satisfies(r -> assertThat(r.contentType()).isEqualTo(PatchApplier.JSON_PATCH));
  }

  @Test
  void typedClientWritesOfIstioWork() {
    GenericKubernetesResource istio =
        ApiServerFixture.generic(
            istio(
                "client", "{\"version\":\"v1.28.1\",\"values\":{\"global\":{\"meshID\":\"m\"}}}"));
    GenericKubernetesResource created =
        api.client().genericKubernetesResources(MeshCrds.ISTIO).resource(istio).create();

    created.setAdditionalProperty(
        "spec", Map.of("version", "v1.28.2", "namespace", "istio-system"));
    GenericKubernetesResource updated =
        api.client().genericKubernetesResources(MeshCrds.ISTIO).resource(created).update();

    assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(api.get(ISTIOS + "/client").at("/spec/updateStrategy/type").asText())
        .isEqualTo("InPlace");
  }
}
