package io.meshfed.hub.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.EventType;
import io.meshfed.events.schema.EventSchemas;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The name rules the hub still applies in code ({@link Names}, used by {@link RequestValidator})
 * accept exactly what the published schemas accept, on names at and around every edge of the rules.
 */
class NamesMatchSchemaTest {

  private static final List<String> CANDIDATES =
      List.of(
          "a",
          "network-c1",
          "Network_C1",
          "net.c1",
          "NET1",
          "n_1",
          "-n1",
          "n1-",
          "_n1",
          "n1_",
          ".n1",
          "n1.",
          "n 1",
          "n/1",
          "n:1",
          "ü1",
          "kubernetes.default.svc",
          "a..b",
          "*.default.svc",
          "v1.28.1",
          "1.28",
          "v1.28.1-beta.1",
          "v1",
          "x".repeat(63),
          "x".repeat(64),
          "x".repeat(63) + ".b",
          "");

  private static boolean schemaAccepts(EventType type, String prefix, String field, String value) {
    String body = "{" + prefix + "\"" + field + "\":\"" + value + "\"}";
    return EventSchemas.validate(type, body).stream().noneMatch(v -> v.field().equals(field));
  }

  private static final String JOIN = "\"meshId\":\"m\",\"clusterName\":\"c\",\"role\":\"PRIMARY\",";

  private static void agree(Predicate<String> code, Predicate<String> schema, String rule) {
    for (String name : CANDIDATES) {
      assertThat(code.test(name))
          .as("%s: does the hub accept '%s' as the schema does", rule, name)
          .isEqualTo(schema.test(name));
    }
  }

  @Test
  void networkNames() {
    agree(
        Names::isNetworkName,
        n -> schemaAccepts(EventType.JOIN_CLUSTER, JOIN, "network", n),
        "network");
  }

  @Test
  void clusterNames() {
    agree(
        Names::isDns1123Label,
        n -> schemaAccepts(EventType.LEAVE_CLUSTER, "\"meshId\":\"m\",", "clusterName", n),
        "clusterName");
  }

  @Test
  void apiServerTlsServerNames() {
    agree(
        Names::isDnsName,
        n -> schemaAccepts(EventType.JOIN_CLUSTER, JOIN, "apiServerTlsServerName", n),
        "apiServerTlsServerName");
  }

  @Test
  void istioVersions() {
    agree(
        Names::isIstioVersion,
        n -> schemaAccepts(EventType.DECLARE_MESH, "\"meshId\":\"m\",", "istioVersion", n),
        "istioVersion");
  }
}
