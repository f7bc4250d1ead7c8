package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Istio's Gateway and VirtualService: their CRD schemas, CEL rules and istiod's webhook. */
class IstioNetworkingSchemasTest {

  private static final String GATEWAYS =
      "/apis/networking.istio.io/v1/namespaces/istio-system/gateways";
  private static final String SERVICES =
      "/apis/networking.istio.io/v1/namespaces/istio-system/virtualservices";
  private static final String DENIED =
      "admission webhook \"validation.istio.io\" denied the request: configuration is invalid: ";
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

  private static String gateway(String name, String servers) {
    return "{\"apiVersion\":\"networking.istio.io/v1\",\"kind\":\"Gateway\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":{\"selector\":{\"istio\":\"eastwestgateway\"},\"servers\":"
        + servers
        + "}}";
  }

  private static String virtualService(String name, String spec) {
    return "{\"apiVersion\":\"networking.istio.io/v1\",\"kind\":\"VirtualService\","
        + "\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":"
        + spec
        + "}";
  }

  @Test
  void theGatewaySchemaRequiresPortFieldsAndKnowsTheTlsModes() {
    ApiServerFixture.Answer answer =
        api.post(
            GATEWAYS,
            gateway(
                "schema",
                "[{\"port\":{\"name\":\"tls\",\"protocol\":\"TLS\"},\"tls\":{\"mode\":\"AUTO\"}}]"));

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "spec.servers[0].hosts: FieldValueRequired: Required value",
            "spec.servers[0].port.number: FieldValueRequired: Required value",
            "spec.servers[0].tls.mode: FieldValueNotSupported: Unsupported value: \"AUTO\": supported"
                + " values: \"PASSTHROUGH\", \"SIMPLE\", \"MUTUAL\", \"AUTO_PASSTHROUGH\","
                + " \"ISTIO_MUTUAL\", \"OPTIONAL_MUTUAL\"",
            "<nil>: FieldValueInvalid: Invalid value: \"null\": some validation rules were not checked"
                + " because the object was invalid; correct the existing errors to complete validation");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void theCelRulesOnTlsCredentials() {
    ApiServerFixture.Answer answer =
        api.post(
            GATEWAYS,
            gateway(
                "cel",
                "[{\"port\":{\"name\":\"https\",\"number\":443,\"protocol\":\"HTTPS\"},\"hosts\":[\"*\"],"
                    + "\"tls\":{\"mode\":\"SIMPLE\",\"credentialName\":\"a\",\"credentialNames\":[\"b\"]}}]"));

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "spec.servers[0].tls: FieldValueInvalid: Invalid value: \"object\": only one of"
                + " credentialName or credentialNames can be set");
  }

  @Test
  void istiodsWebhookDeniesWhatTheSchemaLetsThrough() {
    ApiServerFixture.Answer none = api.post(GATEWAYS, gateway("none", "[]"));
    assertThat(none.code()).isEqualTo(400);
    assertThat(Refusals.message(none)).isEqualTo(DENIED + "gateway must have at least one server");

    ApiServerFixture.Answer several =
        api.post(
            GATEWAYS,
            gateway(
                "several.gateways",
                "[{\"port\":{\"name\":\"x\",\"number\":70000,\"protocol\":\"FOO\"},\"hosts\":[\"local\"]},"
                    + "{\"port\":{\"name\":\"tls\",\"number\":15443,\"protocol\":\"TLS\"},\"hosts\":[\"*.local\"]}]"));
    assertThat(several.code()).isEqualTo(400);
    assertThat(Refusals.message(several))
        .isEqualTo(
            DENIED
                + "5 errors occurred:\n"
                + "\t* invalid gateway name: \"several.gateways\"\n"
                + "\t* short names (non FQDN) are not allowed\n"
                + "\t* invalid protocol \"FOO\", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB,"
                + " MONGO, REDIS, MYSQL, TCP\n"
                + "\t* port number 70000 must be in the range 1..65535\n"
                + "\t* server must have TLS settings for HTTPS/TLS protocols\n\n");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void aVirtualServiceNeedsRoutesAndSniHostsWithinItsHosts() {
    assertThat(
            api.post(SERVICES, virtualService("empty", "{\"hosts\":[\"a.example.com\"]}"))
                .json()
                .path("message")
                .asText())
        .isEqualTo(DENIED + "http, tcp or tls must be provided in virtual service");
    assertThat(
            Refusals.fields(
                api.post(
                    SERVICES,
                    virtualService(
                        "nosni",
                        "{\"hosts\":[\"*\"],\"gateways\":[\"gw\"],\"tls\":[{\"match\":[{\"port\":15012}]}]}"))))
        .containsExactly("spec.tls[0].match[0].sniHosts", "<nil>");
    ApiServerFixture.Answer outside =
        api.post(
            SERVICES,
            virtualService(
                "outside",
                """
                {"hosts":["*.example.com"],"gateways":["istio-system/gw"],"tls":[{
                  "match":[{"port":15012,"sniHosts":["istiod.other.org"]}],
                  "route":[{"destination":{"host":"istiod.istio-system.svc.cluster.local","port":{}}}]}]}"""));
    assertThat(Refusals.message(outside))
        .isEqualTo(
            DENIED
                + "2 errors occurred:\n"
                + "\t* SNI host \"istiod.other.org\" is not a compatible subset of any of the virtual"
                + " service hosts: [*.example.com]\n"
                + "\t* port number 0 must be in the range 1..65535\n\n");
    assertThat(
            Refusals.message(
                api.post(
                    SERVICES,
                    virtualService(
                        "mesh",
                        "{\"hosts\":[\"*\"],\"tcp\":[{\"route\":[{\"destination\":{\"host\":\"a.b\"}}]}]}"))))
        .isEqualTo(
            DENIED
                + "wildcard host * is not allowed for virtual services bound to the mesh gateway");
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void unknownFieldsOfTheSpecArePruned() {
    ApiServerFixture.Answer answer =
        api.post(
            SERVICES,
            virtualService(
                "pruned",
                "{\"hosts\":[\"a.example.com\"],\"tcpRoutes\":[],\"tcp\":[{\"route\":[{\"destination\":"
                    + "{\"host\":\"a.example.com\",\"port\":{\"number\":80,\"name\":\"http\"}}}]}]}"));

    assertThat(answer.code()).isEqualTo(201);
    assertThat(answer.warnings())
        .containsExactly(
            "299 - \"unknown field \\\"spec.tcpRoutes\\\"\"",
            "299 - \"unknown field \\\"spec.tcp[0].route[0].destination.port.name\\\"\"");
    assertThat(api.get(SERVICES + "/pruned").path("spec").toString())
        .isEqualTo(
            "{\"hosts\":[\"a.example.com\"],\"tcp\":[{\"route\":[{\"destination\":"
                + "{\"host\":\"a.example.com\",\"port\":{\"number\":80}}}]}]}");
  }

  @Test
  void aGatewayInAMissingNamespaceIsNotFound() {
    ApiServerFixture.Answer answer =
        api.post(
            "/apis/networking.istio.io/v1/namespaces/istio-gateways/gateways",
            gateway(
                "gw",
                "[{\"port\":{\"name\":\"tls\",\"number\":15443,\"protocol\":\"TLS\"},"
                    + "\"hosts\":[\"*.local\"],\"tls\":{\"mode\":\"AUTO_PASSTHROUGH\"}}]"));

    assertThat(answer.code()).isEqualTo(404);
    assertThat(Refusals.message(answer)).isEqualTo("namespaces \"istio-gateways\" not found");
  }
}
