package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook configurations, such as the sidecar injector of a remote cluster. */
class WebhookConfigurationRulesTest {

  private static final String PATH =
      "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
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

  private static String config(String name, String hookName, String clientConfig) {
    return """
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration",
         "metadata":{"name":"%s"},"webhooks":[{"name":"%s","clientConfig":%s,
         "sideEffects":"None","admissionReviewVersions":["v1"]}]}"""
        .formatted(name, hookName, clientConfig);
  }

  @Test
  void aClientConfigHasExactlyOneOfUrlAndService() {
    String both =
        "{\"url\":\"https://istiod.example.com:15017/inject\","
            + "\"service\":{\"name\":\"istiod\",\"namespace\":\"istio-system\"}}";
    assertThat(Refusals.causes(api.post(PATH, config("both", "sidecar-injector.istio.io", both))))
        .containsExactly(
            "webhooks[0].clientConfig: FieldValueRequired: Required value: exactly one of url or"
                + " service is required");
    assertThat(Refusals.fields(api.post(PATH, config("none", "sidecar-injector.istio.io", "{}"))))
        .containsExactly("webhooks[0].clientConfig");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void webhookNamesHaveThreeSegmentsAndUrlsAreHttps() {
    ApiServerFixture.Answer answer =
        api.post(
            PATH, config("short", "injector.istio", "{\"url\":\"http://istiod:15017/inject\"}"));

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "webhooks[0].name: FieldValueInvalid: Invalid value: \"injector.istio\": should be a"
                + " domain with at least three segments separated by dots",
            "webhooks[0].clientConfig.url: FieldValueInvalid: Invalid value:"
                + " \"http://istiod:15017/inject\": 'https' is the only allowed URL scheme");
  }

  @Test
  void aValidInjectorIsStored() {
    assertThat(
            api.post(
                    PATH,
                    config(
                        "istio-sidecar-injector",
                        "rev.namespace.sidecar-injector.istio.io",
                        "{\"url\":\"https://10.0.0.1:15017/inject/cluster/c2/net/n2\"}"))
                .code())
        .isEqualTo(201);
  }
}
