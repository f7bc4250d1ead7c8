package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deployments, PodDisruptionBudgets and HorizontalPodAutoscalers. */
class WorkloadRulesTest {

  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/istio-system/deployments";
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

  private static String deployment(String name, String spec) {
    return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":"
        + spec
        + "}";
  }

  private static final String POD =
      """
      {"metadata":{"labels":{"app":"gw"}},"spec":{"containers":[{"name":"proxy","image":"auto"}]}}""";

  @Test
  void aDeploymentNeedsASelectorMatchingItsTemplate() {
    assertThat(
            Refusals.causes(
                api.post(DEPLOYMENTS, deployment("nosel", "{\"template\":" + POD + "}"))))
        .containsExactly("spec.selector: FieldValueRequired: Required value");
    assertThat(
            Refusals.causes(
                api.post(
                    DEPLOYMENTS,
                    deployment(
                        "other",
                        "{\"selector\":{\"matchLabels\":{\"app\":\"other\"}},\"template\":"
                            + POD
                            + "}"))))
        .containsExactly(
            "spec.template.metadata.labels: FieldValueInvalid: Invalid value:"
                + " map[string]string{\"app\":\"gw\"}: `selector` does not match template `labels`");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void theSelectorOfADeploymentIsFixed() {
    assertThat(
            api.post(
                    DEPLOYMENTS,
                    deployment(
                        "fixed",
                        "{\"selector\":{\"matchLabels\":{\"app\":\"gw\"}},\"template\":"
                            + POD
                            + "}"))
                .code())
        .isEqualTo(201);

    ApiServerFixture.Answer answer =
        api.mergePatch(
            DEPLOYMENTS + "/fixed",
            "{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"gw\",\"v\":\"2\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"gw\",\"v\":\"2\"}}}}}");

    assertThat(Refusals.fields(answer)).containsExactly("spec.selector");
  }

  @Test
  void podTemplateChecks() {
    String spec =
        """
        {"selector":{"matchLabels":{"app":"gw"}},"template":{"metadata":{"labels":{"app":"gw"}},
         "spec":{"containers":[{"name":"proxy","ports":[{"containerPort":15090,"name":"http-envoy-prometheus"}],
           "volumeMounts":[{"name":"certs","mountPath":"/etc/certs"}],
           "resources":{"limits":{"cpu":"100m"},"requests":{"cpu":"2"}}}],
          "tolerations":[{"operator":"Exists","value":"x"},{"key":"a","operator":"Sometimes"}],
          "restartPolicy":"Never"}}}""";

    assertThat(Refusals.causes(api.post(DEPLOYMENTS, deployment("pod", spec))))
        .containsExactly(
            "spec.template.spec.containers[0].image: FieldValueRequired: Required value",
            "spec.template.spec.containers[0].ports[0].name: FieldValueInvalid: Invalid value:"
                + " \"http-envoy-prometheus\": must be no more than 15 characters",
            "spec.template.spec.containers[0].volumeMounts[0].name: FieldValueNotFound: Not found:"
                + " \"certs\"",
            "spec.template.spec.containers[0].resources.requests[cpu]: FieldValueInvalid: Invalid"
                + " value: \"2\": must be less than or equal to cpu limit of 100m",
            "spec.template.spec.restartPolicy: FieldValueNotSupported: Unsupported value: \"Never\":"
                + " supported values: \"Always\"",
            "spec.template.spec.tolerations[0].operator: FieldValueInvalid: Invalid value:"
                + " map[string]string{\"operator\":\"Exists\", \"value\":\"x\"}: value must be empty when `operator` is"
                + " 'Exists'",
            "spec.template.spec.tolerations[1].operator: FieldValueNotSupported: Unsupported value:"
                + " \"Sometimes\": supported values: \"Equal\", \"Exists\"");
  }

  @Test
  void aRollingUpdateCannotHaveZeroSurgeAndZeroUnavailable() {
    String spec =
        "{\"selector\":{\"matchLabels\":{\"app\":\"gw\"}},\"strategy\":{\"rollingUpdate\":"
            + "{\"maxSurge\":0,\"maxUnavailable\":\"0%\"}},\"template\":"
            + POD
            + "}";
    assertThat(Refusals.causes(api.post(DEPLOYMENTS, deployment("stuck", spec))))
        .containsExactly(
            "spec.strategy.rollingUpdate.maxUnavailable: FieldValueInvalid: Invalid value: \"0%\":"
                + " may not be 0 when `maxSurge` is 0");
  }

  @Test
  void aDisruptionBudgetSetsOneOfMinAvailableAndMaxUnavailable() {
    ApiServerFixture.Answer answer =
        api.post(
            "/apis/policy/v1/namespaces/istio-system/poddisruptionbudgets",
            """
            {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"gw"},
             "spec":{"minAvailable":1,"maxUnavailable":"120%","selector":{"matchLabels":{"app":"gw"}}}}""");

    assertThat(Refusals.fields(answer)).containsExactly("spec", "spec.maxUnavailable");
  }

  @Test
  void anAutoscalerNeedsMinReplicasAtMostMaxReplicas() {
    ApiServerFixture.Answer answer =
        api.post(
            "/apis/autoscaling/v2/namespaces/istio-system/horizontalpodautoscalers",
            """
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"gw"},
             "spec":{"minReplicas":5,"maxReplicas":2,
               "scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"gw"},
               "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization"}}}]}}""");

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "spec.maxReplicas: FieldValueInvalid: Invalid value: 2: must be greater than or equal"
                + " to `minReplicas`",
            "spec.metrics[0].resource.target.averageUtilization: FieldValueRequired: Required value:"
                + " must set either a target raw value or a target utilization");
    assertThat(api.reached()).isEmpty();
  }
}
