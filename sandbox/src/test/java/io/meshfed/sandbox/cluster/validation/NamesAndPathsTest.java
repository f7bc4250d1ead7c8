package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The string formats and the request paths. */
class NamesAndPathsTest {

  @Test
  void dnsNames() {
    assertThat(NameRules.dns1123Subdomain("istio-remote-secret-cluster2")).isEmpty();
    assertThat(NameRules.dns1123Subdomain("a".repeat(254)))
        .contains("must be no more than 253 characters");
    assertThat(NameRules.dns1123Label("a.b")).containsExactly("must not contain dots");
    assertThat(NameRules.dns1035Label("status-port")).isEmpty();
    assertThat(NameRules.dns1035Label("9port")).hasSize(1);
    assertThat(NameRule.DNS_SUBDOMAIN.check("istio-", true)).isEmpty();
    assertThat(NameRule.DNS_SUBDOMAIN.check("istio-", false)).hasSize(1);
  }

  @Test
  void labelKeysAndValues() {
    assertThat(NameRules.qualifiedName("topology.istio.io/network")).isEmpty();
    assertThat(NameRules.qualifiedName("a/b/c"))
        .singleElement()
        .asString()
        .startsWith("a valid label key");
    assertThat(NameRules.qualifiedName("/x")).containsExactly("prefix part must be non-empty");
    assertThat(NameRules.qualifiedName("Example.com/x"))
        .singleElement()
        .asString()
        .startsWith("prefix part a lowercase RFC 1123 subdomain");
    assertThat(NameRules.labelValue("")).isEmpty();
    assertThat(NameRules.labelValue("-x")).hasSize(1);
    assertThat(NameRules.configMapKey("..data")).containsExactly("must not start with '..'");
    assertThat(NameRules.portName("http-envoy-prom")).isEmpty();
    assertThat(NameRules.portName("15090"))
        .containsExactly("must contain at least one letter (a-z)");
    assertThat(NameRules.pathSegment("..")).containsExactly("may not be '..'");
  }

  @Test
  void paths() {
    assertThat(ResourcePath.parse("/api/v1/namespaces/istio-system/secrets/x?dryRun=All"))
        .hasValue(
            new ResourcePath(
                "", "v1", "istio-system", "secrets", "x", null, Map.of("dryRun", "All")));
    assertThat(ResourcePath.parse("/apis/sailoperator.io/v1/istios/default/status"))
        .hasValue(
            new ResourcePath(
                "sailoperator.io", "v1", null, "istios", "default", "status", Map.of()));
    assertThat(ResourcePath.parse("/api/v1/namespaces/istio-system"))
        .hasValue(new ResourcePath("", "v1", null, "namespaces", "istio-system", null, Map.of()));
    assertThat(ResourcePath.parse("/api/v1/namespaces/istio-system/status").orElseThrow().status())
        .isTrue();
    assertThat(
            ResourcePath.parse("/apis/networking.istio.io/v1/namespaces/istio-system/gateways")
                .orElseThrow()
                .objectPath())
        .isEqualTo("/apis/networking.istio.io/v1/namespaces/istio-system/gateways");
    assertThat(ResourcePath.parse("/version")).isEmpty();
  }

  @Test
  void errorsPrintLikeGo() {
    assertThat(FieldError.invalid(FieldPath.of("spec").child("port"), 0L, "x").message())
        .isEqualTo("spec.port: Invalid value: 0: x");
    assertThat(FieldError.required(FieldPath.of("data").key("tls.crt"), "").message())
        .isEqualTo("data[tls.crt]: Required value");
    assertThat(FieldError.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    assertThat(FieldPath.ROOT.toString()).isEqualTo("<nil>");
  }
}
