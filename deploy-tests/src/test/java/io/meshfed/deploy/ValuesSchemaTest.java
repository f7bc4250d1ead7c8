package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each chart's values.schema.json: Helm's engine (the one {@code helm install} and {@code helm
 * template} use) applies it, good values render, and each class of bad value is refused with an
 * error that names the value.
 */
class ValuesSchemaTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA_ERROR = "values don't meet the specifications of the schema";
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  private static final String HUB = Charts.HUB;
  private static final String AGENT = Charts.AGENT;

  @TempDir Path temp;

  @Test
  void helmsEngineAppliesTheSchema() {
    assertThatThrownBy(
            () -> Charts.template(AGENT, Charts.requiredAnd(AGENT, "clusterName", "Cluster_East!")))
        .hasMessageContaining(SCHEMA_ERROR)
        .hasMessageContaining(AGENT)
        .hasMessageContaining("at '/clusterName'");
  }

  static Stream<Arguments> goodValues() {
    List<Arguments> both = new ArrayList<>();
    for (String chart : List.of(HUB, AGENT)) {
      both.addAll(
          List.of(
              arguments(chart, "kafka.bootstrapServers", "b-0.kafka.example:9093,b-1.kafka:9093"),
              arguments(chart, "kafka.bootstrapServers", "10.0.0.5:9092, 10.0.0.6:9092"),
              arguments(chart, "kafka.bootstrapServers", "[2001:db8::5]:9093"),
              arguments(chart, "kafka.tls.truststoreSecret", "kafka.cluster-ca-cert"),
              arguments(chart, "kafka.tls.truststoreType", "PKCS12"),
              arguments(chart, "kafka.sasl.mechanism", "SCRAM-SHA-256"),
              arguments(chart, "kafka.mtls.keystoreType", "JKS"),
              arguments(chart, "image.repository", "team/meshfed__images/agent-0.x"),
              arguments(chart, "image.tag", "v1.2.3-rc.1_build"),
              arguments(chart, "image.digest", DIGEST),
              arguments(chart, "image.pullPolicy", "Always"),
              arguments(chart, "imagePullSecrets[0].name", "pull-secret"),
              arguments(chart, "resources.limits.cpu", 2),
              arguments(chart, "resources.requests.cpu", "0.5"),
              arguments(chart, "resources.limits.memory", "1Gi"),
              arguments(chart, "resources.requests.memory", "512M"),
              arguments(chart, "resources.limits.ephemeral-storage", "1e9"),
              arguments(chart, "logLevel", "DEBUG"),
              arguments(chart, "extraEnv[0].name", "MESHFED_AGENT_RESYNC_INTERVAL"),
              arguments(chart, "priorityClassName", "system-cluster-critical"),
              arguments(chart, "management.port", 65535),
              arguments(chart, "networkPolicy.managementFrom[0].ipBlock.cidr", "10.0.0.0/8"),
              arguments(chart, "networkPolicy.kafka.ports[0]", 9094),
              arguments(chart, "serviceMonitor.interval", "1m30s"),
              arguments(chart, "dashboards.namespace", "monitoring"),
              arguments(chart, "dashboards.labels.grafana_folder", "meshfed")));
    }
    return Stream.concat(
        both.stream(),
        Stream.of(
            arguments(AGENT, "clusterName", "c"),
            arguments(AGENT, "clusterName", "c".repeat(63)),
            arguments(AGENT, "clusterName", "0-cluster-east-1"),
            arguments(AGENT, "apiServerUrl", "https://10.0.0.1:6443"),
            arguments(AGENT, "apiServerUrl", "https://[2001:db8::1]:6443"),
            arguments(AGENT, "apiServerUrl", "https://api.east.example"),
            arguments(AGENT, "apiServerUrl", "https://api.east.example:6443/k8s/clusters/east"),
            arguments(AGENT, "createIstioNamespace", false),
            arguments(HUB, "hub.replicas", 0),
            arguments(HUB, "hub.maxRequestBytes", 131072),
            arguments(HUB, "hub.unreachableAfter", 90),
            arguments(HUB, "hub.unreachableAfter", "2m"),
            arguments(HUB, "hub.unreachableAfter", "PT2M"),
            arguments(HUB, "jwt.publicKeyLocation", "/etc/idp/jwks.json"),
            arguments(HUB, "jwt.audiences", "meshfed-hub,platform"),
            arguments(HUB, "ca.persistence.size", "10Mi"),
            arguments(HUB, "ca.persistence.storageClass", "fast-ssd"),
            arguments(HUB, "ca.keyType", "RSA_3072"),
            arguments(HUB, "ca.rootLifetime", "7300d"),
            arguments(HUB, "ca.intermediateLifetime", "2160h"),
            arguments(HUB, "ca.renewalFraction", "0.75"),
            arguments(HUB, "status.requireRegisteredKey", false)));
  }

  @ParameterizedTest(name = "{0}: {1}={2}")
  @MethodSource("goodValues")
  void goodValuesRender(String chart, String key, Object value) {
    assertThatCode(() -> Charts.render(chart, Charts.requiredAnd(chart, key, value)))
        .doesNotThrowAnyException();
  }

  static Stream<Arguments> badValues() {
    List<Arguments> both = new ArrayList<>();
    for (String chart : List.of(HUB, AGENT)) {
      both.addAll(
          List.of(
              arguments(chart, "resources", "oops", "/resources"),
              arguments(chart, "resources.limits.cpu", "lots", "/resources/limits/cpu"),
              arguments(chart, "resources.requests.memory", "-1Gi", "/resources/requests/memory"),
              arguments(chart, "resources.requests.memory", "384MB", "/resources/requests/memory"),
              arguments(chart, "resources.limits.memroy", "1Gi", "/resources/limits"),
              arguments(chart, "resources.request.cpu", "1", "/resources"),
              arguments(chart, "kafka.bootstrapServers", "kafka", "/kafka/bootstrapServers"),
              arguments(
                  chart, "kafka.bootstrapServers", "kafka..x:9092", "/kafka/bootstrapServers"),
              arguments(chart, "kafka.bootstrapServers", "kafka:99999", "/kafka/bootstrapServers"),
              arguments(
                  chart, "kafka.bootstrapServers", "a:9092;b:9092", "/kafka/bootstrapServers"),
              arguments(
                  chart, "kafka.bootstrapServers", "SSL://kafka:9093", "/kafka/bootstrapServers"),
              arguments(chart, "kafka.securityProtocol", "TLS", "/kafka/securityProtocol"),
              arguments(chart, "kafka.insecurePlaintext", "yes", "/kafka/insecurePlaintext"),
              arguments(
                  chart, "kafka.tls.truststoreSecret", "Kafka_CA", "/kafka/tls/truststoreSecret"),
              arguments(chart, "kafka.tls.truststoreKey", "ca/crt", "/kafka/tls/truststoreKey"),
              arguments(chart, "kafka.tls.truststoreType", "P12", "/kafka/tls/truststoreType"),
              arguments(chart, "kafka.sasl.mechanism", "GSSAPI", "/kafka/sasl/mechanism"),
              arguments(chart, "kafka.sasl.secretName", "user!", "/kafka/sasl/secretName"),
              arguments(chart, "kafka.sasl.username", "a\"b", "/kafka/sasl/username"),
              arguments(
                  chart, "kafka.mtls.keystoreSecret", "User-Cert", "/kafka/mtls/keystoreSecret"),
              arguments(chart, "kafka.mtls.keystoreType", "PEM", "/kafka/mtls/keystoreType"),
              arguments(
                  chart, "kafka.mtls.keystorePasswordKey", "", "/kafka/mtls/keystorePasswordKey"),
              arguments(chart, "kafka.bootstrap", "kafka:9092", "'bootstrap'"),
              arguments(chart, "image.repository", "Meshfed/Agent", "/image/repository"),
              arguments(chart, "image.repository", "meshfed/agent:1.0", "/image/repository"),
              arguments(chart, "image.tag", "-rc1", "/image/tag"),
              arguments(chart, "image.tag", "1.0@" + DIGEST, "/image/tag"),
              arguments(chart, "image.digest", "sha256:abc", "/image/digest"),
              arguments(chart, "image.pullPolicy", "Sometimes", "/image/pullPolicy"),
              arguments(
                  chart, "imagePullSecrets[0].name", "Pull_Secret", "/imagePullSecrets/0/name"),
              arguments(chart, "management.port", 0, "/management/port"),
              arguments(chart, "management.port", 65536, "/management/port"),
              arguments(chart, "management.port", "http", "/management/port"),
              arguments(chart, "management.port", 8080, "/management/port"),
              arguments(chart, "networkPolicy.enabled", "yes", "/networkPolicy/enabled"),
              arguments(
                  chart,
                  "networkPolicy.managementFrom[0].namespaceSelector.team",
                  "a",
                  "/networkPolicy/managementFrom/0/namespaceSelector"),
              arguments(chart, "networkPolicy.kafka.ports[0]", 0, "/networkPolicy/kafka/ports/0"),
              arguments(chart, "serviceMonitor.enabled", "on", "/serviceMonitor/enabled"),
              arguments(chart, "podMonitor.interval", "30 seconds", "/podMonitor/interval"),
              arguments(chart, "dashboards.namespace", "Monitoring", "/dashboards/namespace"),
              arguments(chart, "logLevel", "verbose", "/logLevel"),
              arguments(chart, "priorityClassName", "High_Priority", "/priorityClassName"),
              arguments(chart, "extraEnv[0].name", "1ST", "/extraEnv/0/name"),
              arguments(chart, "extraEnv[0].value", 5, "/extraEnv/0"),
              arguments(chart, "replica", 1, "'replica'")));
    }
    return Stream.concat(
        both.stream(),
        Stream.of(
            arguments(AGENT, "clusterName", "Cluster_East!", "/clusterName"),
            arguments(AGENT, "clusterName", "cluster-east-", "/clusterName"),
            arguments(AGENT, "clusterName", "c".repeat(64), "/clusterName"),
            arguments(AGENT, "clusterName", "cluster.east", "/clusterName"),
            arguments(AGENT, "apiServerUrl", "api.east.example:6443", "/apiServerUrl"),
            arguments(AGENT, "apiServerUrl", "ftp://api.east.example", "/apiServerUrl"),
            arguments(AGENT, "apiServerUrl", "https://api.east.example:70000", "/apiServerUrl"),
            arguments(AGENT, "apiServerUrl", "http://api.east.example:6443", "/apiServerUrl"),
            arguments(AGENT, "apiServerUrl", "https://admin@api.east.example", "/apiServerUrl"),
            arguments(AGENT, "apiServerUrl", "https://api.east.example/?x=1", "/apiServerUrl"),
            arguments(AGENT, "apiServerUrl", "https://api.east.example/#top", "/apiServerUrl"),
            arguments(
                AGENT,
                "apiServerUrl",
                "https://api.east.example/" + "p".repeat(2048),
                "/apiServerUrl"),
            arguments(AGENT, "createIstioNamespace", "no", "/createIstioNamespace"),
            arguments(HUB, "hub.replicas", 2, "/hub/replicas"),
            arguments(HUB, "hub.replicas", "one", "/hub/replicas"),
            arguments(HUB, "hub.maxRequestBytes", 100, "/hub/maxRequestBytes"),
            arguments(HUB, "hub.maxRequestBytes", "64KiB", "/hub/maxRequestBytes"),
            arguments(HUB, "hub.unreachableAfter", "a minute", "/hub/unreachableAfter"),
            arguments(HUB, "hub.unreachableAfter", 0, "/hub/unreachableAfter"),
            arguments(
                HUB, "jwt.publicKeyLocation", "http://idp.example/certs", "/jwt/publicKeyLocation"),
            arguments(HUB, "jwt.publicKeyLocation", "certs.pem", "/jwt/publicKeyLocation"),
            arguments(HUB, "jwt.publicKeySecret", "JWT Key", "/jwt/publicKeySecret"),
            arguments(HUB, "jwt.publicKeySecretKey", "..key", "/jwt/publicKeySecretKey"),
            arguments(HUB, "jwt.issuer", "my issuer", "/jwt/issuer"),
            arguments(HUB, "jwt.audiences", "a, b", "/jwt/audiences"),
            arguments(HUB, "ca.persistence.enabled", "no", "/ca/persistence/enabled"),
            arguments(
                HUB, "ca.persistence.existingClaim", "Claim_1", "/ca/persistence/existingClaim"),
            arguments(
                HUB, "ca.persistence.storageClass", "fast ssd", "/ca/persistence/storageClass"),
            arguments(HUB, "ca.persistence.size", "big", "/ca/persistence/size"),
            arguments(HUB, "ca.keyType", "EC_P384", "/ca/keyType"),
            arguments(HUB, "ca.rootLifetime", "ten years", "/ca/rootLifetime"),
            arguments(HUB, "ca.intermediateLifetime", "1y", "/ca/intermediateLifetime"),
            arguments(HUB, "ca.renewalFraction", "1.5", "/ca/renewalFraction"),
            arguments(HUB, "ca.renewalFraction", 1, "/ca/renewalFraction"),
            arguments(HUB, "ca.renewalFraction", "0", "/ca/renewalFraction"),
            arguments(
                HUB, "status.requireRegisteredKey", "maybe", "/status/requireRegisteredKey")));
  }

  @ParameterizedTest(name = "{0}: {1}={2}")
  @MethodSource("badValues")
  void badValuesAreRefusedNamingTheValue(String chart, String key, Object value, String named) {
    assertThatThrownBy(() -> Charts.template(chart, Charts.requiredAnd(chart, key, value)))
        .hasMessageContaining(SCHEMA_ERROR)
        .hasMessageContaining(named);
  }

  static Stream<Arguments> kafkaSettings() {
    List<Arguments> cases = new ArrayList<>();
    for (String chart : List.of(HUB, AGENT)) {
      cases.addAll(
          List.of(
              arguments(
                  chart, List.of("kafka.securityProtocol", "SASL_SSL"), "/kafka/sasl/secretName"),
              arguments(
                  chart,
                  List.of(
                      "kafka.securityProtocol",
                      "SSL",
                      "kafka.sasl.secretName",
                      "user",
                      "kafka.sasl.username",
                      "user"),
                  "/kafka/sasl/secretName"),
              arguments(
                  chart,
                  List.of(
                      "kafka.securityProtocol", "PLAINTEXT", "kafka.tls.truststoreSecret", "ca"),
                  "/kafka/tls/truststoreSecret"),
              arguments(
                  chart,
                  List.of(
                      "kafka.securityProtocol",
                      "SASL_PLAINTEXT",
                      "kafka.sasl.secretName",
                      "user",
                      "kafka.sasl.username",
                      "user",
                      "kafka.mtls.keystoreSecret",
                      "user-cert"),
                  "/kafka/mtls/keystoreSecret"),
              arguments(
                  chart,
                  List.of(
                      "kafka.tls.truststoreSecret", "ca", "kafka.tls.truststorePasswordKey", "pw"),
                  "/kafka/tls/truststorePasswordKey"),
              arguments(
                  chart,
                  List.of(
                      "kafka.securityProtocol",
                      "SASL_SSL",
                      "kafka.sasl.secretName",
                      "user",
                      "kafka.sasl.username",
                      "user",
                      "kafka.tls.truststoreSecret",
                      "ca",
                      "kafka.tls.truststoreType",
                      "PKCS12",
                      "kafka.tls.truststorePasswordKey",
                      "ca.password"),
                  "")));
    }
    return cases.stream();
  }

  /** Kafka settings the client would refuse or ignore; the last case of each chart is good. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("kafkaSettings")
  void kafkaSettingsTheClientWouldRefuseOrIgnoreAreRefused(
      String chart, List<String> keysAndValues, String named) {
    Map<String, Object> values = Charts.requiredAnd(chart, keysAndValues.toArray());
    if (named.isEmpty()) {
      assertThatCode(() -> Charts.render(chart, values)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> Charts.template(chart, values))
          .hasMessageContaining(SCHEMA_ERROR)
          .hasMessageContaining("at '" + named + "'");
    }
  }

  @Test
  void importedRootsNeedAMeshIdThatFitsAVolumeNameAndASecret() {
    assertThatThrownBy(
            () ->
                Charts.template(
                    HUB,
                    Charts.requiredAnd(
                        HUB,
                        "ca.imports[0].meshId",
                        "Bad_Mesh",
                        "ca.imports[0].secretName",
                        "root")))
        .hasMessageContaining(SCHEMA_ERROR)
        .hasMessageContaining("/ca/imports/0/meshId");
    assertThatThrownBy(
            () ->
                Charts.template(
                    HUB,
                    Charts.requiredAnd(
                        HUB,
                        "ca.imports[0].meshId",
                        "m".repeat(54),
                        "ca.imports[0].secretName",
                        "root")))
        .as("ca-import-<meshId> is a volume name: at most 63 characters")
        .hasMessageContaining("/ca/imports/0/meshId");
    assertThatThrownBy(
            () -> Charts.template(HUB, Charts.requiredAnd(HUB, "ca.imports[0].meshId", "mesh1")))
        .hasMessageContaining("/ca/imports/0")
        .hasMessageContaining("secretName");
    assertThatCode(
            () ->
                Charts.render(
                    HUB,
                    Charts.requiredAnd(
                        HUB,
                        "ca.imports[0].meshId",
                        "m".repeat(53),
                        "ca.imports[0].secretName",
                        "root",
                        "ca.imports[0].certificateKey",
                        "ca.crt",
                        "ca.imports[0].keyKey",
                        "ca.key")))
        .doesNotThrowAnyException();
  }

  /** Maps and lists that Kubernetes owns the shape of, given as a values file. */
  @ParameterizedTest
  @ValueSource(strings = {Charts.HUB, Charts.AGENT})
  void kubernetesShapedValuesRenderAsKubernetesTakesThem(String chart) throws IOException {
    Path file =
        values(
            """
            nodeSelector:
              kubernetes.io/os: linux
              node-role.kubernetes.io/infra: ""
            tolerations:
              - key: node-role.kubernetes.io/infra
                operator: Exists
                effect: NoSchedule
              - operator: Exists
              - key: dedicated
                operator: Equal
                value: meshfed
                effect: NoExecute
                tolerationSeconds: 30
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions:
                        - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}
            podAnnotations:
              example.com/team: platform
              Example.COM/Owner: platform
              prometheus.io/scrape: "true"
            serviceAccount:
              annotations:
                iam.example.com/role: meshfed
            extraEnv:
              - name: MESHFED_AGENT_RESYNC_INTERVAL
                value: 5m
              - name: POD_IP
                valueFrom:
                  fieldRef:
                    fieldPath: status.podIP
            imagePullSecrets:
              - name: pull-secret
            resources:
              requests: {cpu: 250m, memory: 512Mi}
              limits: {cpu: 2, memory: 512Mi}
            serviceMonitor:
              labels:
                release: prometheus
            """);

    assertThatCode(() -> Charts.template(chart, file, Charts.required(chart)))
        .doesNotThrowAnyException();
  }

  static Stream<Arguments> badKubernetesShapedValues() {
    List<Arguments> cases = new ArrayList<>();
    for (String chart : List.of(HUB, AGENT)) {
      cases.addAll(
          List.of(
              arguments(chart, "nodeSelector: {kubernetes.io/os: 1}", "/nodeSelector"),
              arguments(chart, "nodeSelector: {'bad key': linux}", "/nodeSelector"),
              arguments(chart, "nodeSelector: {disk: '" + "x".repeat(64) + "'}", "/nodeSelector"),
              arguments(chart, "nodeSelector: [linux]", "/nodeSelector"),
              arguments(chart, "tolerations: {key: dedicated}", "/tolerations"),
              arguments(chart, "tolerations: [{operator: Exists, value: x}]", "/tolerations/0"),
              arguments(chart, "tolerations: [{value: x}]", "/tolerations/0"),
              arguments(chart, "tolerations: [{key: k, operator: Maybe}]", "/tolerations/0"),
              arguments(
                  chart,
                  "tolerations: [{key: k, operator: Exists, effect: NoSchedule,"
                      + " tolerationSeconds: 30}]",
                  "/tolerations/0"),
              arguments(
                  chart,
                  "tolerations: [{key: k, operator: Exists, efect: NoSchedule}]",
                  "/tolerations/0"),
              arguments(chart, "affinity: {nodeAfinity: {}}", "/affinity"),
              arguments(chart, "podAnnotations: {team: 1}", "/podAnnotations/team"),
              arguments(chart, "podAnnotations: {'-team': a}", "/podAnnotations"),
              arguments(
                  chart,
                  "serviceAccount: {annotations: {a: [b]}}",
                  "/serviceAccount/annotations/a"),
              arguments(
                  chart,
                  "serviceMonitor: {labels: {release: [a]}}",
                  "/serviceMonitor/labels/release"),
              arguments(chart, "extraEnv: [{value: x}]", "/extraEnv/0"),
              arguments(
                  chart,
                  "extraEnv: [{name: A, value: x, valueFrom: {fieldRef: {}}}]",
                  "/extraEnv/0"),
              arguments(chart, "extraEnv: [{name: A, valueFrom: {}}]", "/extraEnv/0/valueFrom"),
              arguments(chart, "extraEnv: {A: x}", "/extraEnv"),
              arguments(chart, "imagePullSecrets: [pull-secret]", "/imagePullSecrets/0"),
              arguments(chart, "resources: {limits: {cpu: -1}}", "/resources/limits/cpu"),
              arguments(chart, "resources: {limits: {cpu: [1]}}", "/resources/limits/cpu")));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badKubernetesShapedValues")
  void kubernetesShapedValuesKubernetesWouldRefuseAreRefused(
      String chart, String yaml, String named) throws IOException {
    Path file = values(yaml);

    assertThatThrownBy(() -> Charts.template(chart, file, Charts.required(chart)))
        .hasMessageContaining(SCHEMA_ERROR)
        .hasMessageContaining(named);
  }

  /** Every value of values.yaml is a property of the schema, with a description, and no more. */
  @ParameterizedTest
  @ValueSource(strings = {Charts.HUB, Charts.AGENT})
  void everyValueIsDescribedInTheSchemaAndTheSchemaOwnsTheShape(String chart) throws IOException {
    JsonNode values = YAML.readTree(Charts.dir(chart).resolve("values.yaml").toFile());
    JsonNode schema = schema(chart);

    assertThat(schema.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    describe(schema, schema, values, "");
  }

  private static void describe(JsonNode root, JsonNode node, JsonNode values, String at) {
    JsonNode property = resolve(root, node);
    assertThat(node.path("description").asText(property.path("description").asText()))
        .as("description of %s", at.isEmpty() ? "the values" : at)
        .isNotBlank();
    if (!values.isObject() || values.isEmpty() || !property.has("properties")) {
      return;
    }
    assertThat(property.path("additionalProperties").isBoolean())
        .as("%s has additionalProperties: false", at)
        .isTrue();
    assertThat(property.path("additionalProperties").asBoolean()).isFalse();
    List<String> keys = new ArrayList<>();
    values.fieldNames().forEachRemaining(keys::add);
    List<String> described = new ArrayList<>();
    property.path("properties").fieldNames().forEachRemaining(described::add);
    described.remove("global");
    assertThat(described).as("properties of %s", at).containsExactlyInAnyOrderElementsOf(keys);
    Iterator<Map.Entry<String, JsonNode>> fields = values.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      describe(
          root,
          property.path("properties").path(field.getKey()),
          field.getValue(),
          at.isEmpty() ? field.getKey() : at + "." + field.getKey());
    }
  }

  private static JsonNode resolve(JsonNode root, JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      current = root.at(current.get("$ref").asText().substring(1));
    }
    return current;
  }

  @Test
  void bothChartsShareTheKafkaSchemaAndTheValueTypes() throws IOException {
    JsonNode hub = schema(HUB);
    JsonNode agent = schema(AGENT);

    assertThat(hub.get("$defs")).isEqualTo(agent.get("$defs"));
    for (String key :
        List.of(
            "kafka",
            "imagePullSecrets",
            "resources",
            "javaOptions",
            "logLevel",
            "extraEnv",
            "nodeSelector",
            "tolerations",
            "affinity",
            "priorityClassName",
            "podAnnotations",
            "management",
            "serviceMonitor",
            "podMonitor")) {
      assertThat(hub.at("/properties/" + key)).as(key).isEqualTo(agent.at("/properties/" + key));
    }
  }

  /** The install commands of the READMEs render: the documented examples meet the schema. */
  @Test
  void everyDocumentedInstallCommandRenders() {
    Pattern command =
        Pattern.compile("helm (?:install|upgrade) [^\\n]*?deploy/helm/(meshfed-(?:hub|agent))");
    Pattern set = Pattern.compile("--set (['\"]?)([^=\\s'\"]+)=([^\\s'\"]*)\\1");
    int found = 0;
    for (String readme :
        List.of(
            "../README.md",
            "README.md",
            "helm/meshfed-hub/README.md",
            "helm/meshfed-agent/README.md")) {
      String text = DeployDir.read(DeployDir.resolve(readme).normalize());
      for (String block : codeBlocks(text)) {
        String joined = block.replaceAll("\\\\\\R\\s*", " ");
        for (String line : joined.split("\\R")) {
          Matcher m = command.matcher(line);
          if (!m.find()) {
            continue;
          }
          String chart = m.group(1);
          Map<String, Object> values = new LinkedHashMap<>();
          if (line.contains("--reuse-values")) {
            values.putAll(Charts.required(chart));
          }
          Matcher s = set.matcher(line);
          while (s.find()) {
            // The hub's key as the READMEs have the reader fetch it first.
            String value = s.group(3).replace("$HUB_KEY", Charts.HUB_SIGNING_KEY);
            if (value.startsWith("{") && value.endsWith("}")) {
              // Helm's list syntax, as indexed keys (the library sets every value as a string).
              String[] items = value.substring(1, value.length() - 1).split(",");
              for (int i = 0; i < items.length; i++) {
                values.put(s.group(2) + "[" + i + "]", items[i]);
              }
            } else {
              values.put(s.group(2), value);
            }
          }
          if (!values.containsKey("kafka.tls.truststoreSecret")
              && !values.containsKey("kafka.insecurePlaintext")) {
            values.put("kafka.insecurePlaintext", "true");
          }
          assertThatCode(() -> Charts.template(chart, values))
              .as("%s: %s", readme, line.strip())
              .doesNotThrowAnyException();
          found++;
        }
      }
    }
    assertThat(found).as("install commands in the READMEs").isGreaterThanOrEqualTo(6);
  }

  private static List<String> codeBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?ms)^\\s*```[a-z]*\\R(.*?)^\\s*```").matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static JsonNode schema(String chart) throws IOException {
    return JSON.readTree(Charts.dir(chart).resolve("values.schema.json").toFile());
  }

  private Path values(String yaml) throws IOException {
    Path file = Files.createTempFile(temp, "values", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
