package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Services: name, type, ports, external name, and the status a write to the object keeps. */
class ServiceRulesTest {

  private static final String SERVICES = "/api/v1/namespaces/istio-system/services";
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

  private static String service(String name, String spec) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":"
        + spec
        + "}";
  }

  @Test
  void aServiceNameIsADns1035Label() {
    ApiServerFixture.Answer answer =
        api.post(SERVICES, service("1st", "{\"ports\":[{\"port\":80}]}"));

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "metadata.name: FieldValueInvalid: Invalid value: \"1st\": a DNS-1035 label must"
                + " consist of lower case alphanumeric characters or '-', start with an alphabetic"
                + " character, and end with an alphanumeric character (e.g. 'my-name',  or"
                + " 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void portsNeedValidNumbersProtocolsAndNamesWhenThereAreSeveral() {
    ApiServerFixture.Answer answer =
        api.post(
            SERVICES,
            service(
                "ports",
                """
                {"type":"LoadBalancer","ports":[
                  {"name":"tls","port":70000,"protocol":"HTTP"},
                  {"port":15012},
                  {"name":"tls","port":15017,"targetPort":"Webhook_Port"}]}"""));

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "spec.ports[0].port: FieldValueInvalid: Invalid value: 70000: must be between 1 and"
                + " 65535, inclusive",
            "spec.ports[0].protocol: FieldValueNotSupported: Unsupported value: \"HTTP\":"
                + " supported values: \"SCTP\", \"TCP\", \"UDP\"",
            "spec.ports[1].name: FieldValueRequired: Required value",
            "spec.ports[2].name: FieldValueDuplicate: Duplicate value: \"tls\"",
            "spec.ports[2].targetPort: FieldValueInvalid: Invalid value: \"Webhook_Port\": must"
                + " contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }

  @Test
  void typeAndExternalName() {
    assertThat(
            Refusals.causes(
                api.post(
                    SERVICES, service("t", "{\"type\":\"Internal\",\"ports\":[{\"port\":1}]}"))))
        .containsExactly(
            "spec.type: FieldValueNotSupported: Unsupported value: \"Internal\": supported values:"
                + " \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
    assertThat(Refusals.fields(api.post(SERVICES, service("e", "{\"type\":\"ExternalName\"}"))))
        .containsExactly("spec.externalName");
    assertThat(
            api.post(
                    SERVICES,
                    service("e", "{\"type\":\"ExternalName\",\"externalName\":\"a.example.com.\"}"))
                .code())
        .isEqualTo(201);
  }

  @Test
  void aPortNameIsALowercaseLabel() {
    assertThat(
            Refusals.fields(
                api.post(
                    SERVICES, service("upper", "{\"ports\":[{\"name\":\"Tls\",\"port\":443}]}"))))
        .containsExactly("spec.ports[0].name");
  }

  @Test
  void aWriteToTheServiceKeepsTheStatusTheLoadBalancerWrote() {
    assertThat(
            api.post(
                    SERVICES,
                    service("lb", "{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":15443}]}"))
                .code())
        .isEqualTo(201);
    assertThat(
            api.jsonPatch(
                    SERVICES + "/lb/status",
                    "[{\"op\":\"add\",\"path\":\"/status\",\"value\":"
                        + "{\"loadBalancer\":{\"ingress\":[{\"ip\":\"10.0.0.1\"}]}}}]")
                .code())
        .isEqualTo(202);
    api.reached();

    String replaced =
        api.get(SERVICES + "/lb")
            .deepCopy()
            .toString()
            .replace("10.0.0.1", "10.9.9.9")
            .replace("15443", "15444");
    assertThat(api.put(SERVICES + "/lb", replaced).code()).isEqualTo(200);

    assertThat(api.get(SERVICES + "/lb").at("/status/loadBalancer/ingress/0/ip").asText())
        .isEqualTo("10.0.0.1");
    assertThat(api.get(SERVICES + "/lb").at("/spec/ports/0/port").asInt()).isEqualTo(15444);
  }
}
