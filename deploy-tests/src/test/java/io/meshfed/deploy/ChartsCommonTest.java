package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What both charts must do alike: lint, required values, a locked-down Deployment, Kafka. */
class ChartsCommonTest {

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void lintStrictPassesOnceTheRequiredValuesAreSet(String chart) throws IOException {
    Path copy = copyWithRequiredValues(chart);

    LintResult result = new Helm(copy).lint().strict().call();

    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void lintStrictPassesOnTheChartAsShipped(String chart) {
    LintResult result = new Helm(Charts.dir(chart)).lint().strict().call();

    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void renderingWithoutBootstrapServersFailsNamingTheValue(String chart) {
    Map<String, Object> values = Charts.required(chart);
    values.remove("kafka.bootstrapServers");

    assertThatThrownBy(() -> Charts.template(chart, values))
        .hasMessageContaining("kafka.bootstrapServers is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void deploymentRunsNonRootWithReadOnlyRootAndNoCapabilities(String chart) {
    Deployment deployment = Charts.deployment(Charts.render(chart, Charts.required(chart)));
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = onlyContainer(deployment);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getPrivileged()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("tmp");
              assertThat(v.getEmptyDir()).isNotNull();
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void deploymentProbesQuarkusHealthAndHasRequestsAndLimits(String chart) {
    Deployment deployment = Charts.deployment(Charts.render(chart, Charts.required(chart)));
    Container container = onlyContainer(deployment);

    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
    // Health is on the management interface, apart from the API port.
    assertThat(
            List.of(
                container.getLivenessProbe(),
                container.getReadinessProbe(),
                container.getStartupProbe()))
        .allSatisfy(
            probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
    assertThat(container.getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactlyInAnyOrder("http=8080", "management=9000");
    assertThat(env(deployment, "QUARKUS_MANAGEMENT_PORT")).isEqualTo("9000");
    Map<String, Quantity> requests = container.getResources().getRequests();
    Map<String, Quantity> limits = container.getResources().getLimits();
    assertThat(requests).containsKeys("cpu", "memory");
    assertThat(limits).containsKeys("cpu", "memory");
    assertThat(Quantity.getAmountInBytes(limits.get("memory")))
        .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void oneReplicaReplacedNotRolled(String chart) {
    Deployment deployment = Charts.deployment(Charts.render(chart, Charts.required(chart)));

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void podRunsAsTheChartsServiceAccount(String chart) {
    List<HasMetadata> objects =
        Charts.withoutPeerReader(Charts.render(chart, Charts.required(chart)));

    ServiceAccount account = Charts.one(objects, ServiceAccount.class);
    assertThat(Charts.deployment(objects).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
    assertThat(account.getMetadata().getNamespace()).isEqualTo(Charts.NAMESPACE);
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void kafkaWithoutTlsIsRefusedUnlessAllowedExplicitly(String chart) {
    Map<String, Object> values = Charts.required(chart);
    values.remove("kafka.insecurePlaintext");
    assertThatThrownBy(() -> Charts.render(chart, values))
        .hasMessageContaining("without TLS")
        .hasMessageContaining("kafka.tls.truststoreSecret")
        .hasMessageContaining("kafka.insecurePlaintext=true");
    values.put("kafka.sasl.secretName", "meshfed-user");
    values.put("kafka.sasl.username", "meshfed-user");
    assertThatThrownBy(() -> Charts.render(chart, values))
        .as("SASL without TLS sends the password in the clear")
        .hasMessageContaining("SASL_PLAINTEXT, without TLS");
    values.remove("kafka.sasl.secretName");
    values.put("kafka.securityProtocol", "SSL");
    assertThat(env(Charts.deployment(Charts.render(chart, values)), "KAFKA_SECURITY_PROTOCOL"))
        .as("TLS that trusts the JVM's CAs needs no trust store Secret")
        .isEqualTo("SSL");
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void plainKafkaWhenAllowedExplicitly(String chart) {
    Deployment deployment = Charts.deployment(Charts.render(chart, Charts.required(chart)));

    assertThat(env(deployment, "KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka-bootstrap.kafka:9093");
    assertThat(env(deployment, "KAFKA_SECURITY_PROTOCOL")).isEqualTo("PLAINTEXT");
    assertThat(envVar(deployment, "KAFKA_SASL_JAAS_CONFIG")).isEmpty();
    assertThat(deployment.getSpec().getTemplate().getSpec().getEnableServiceLinks()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void saslScramOverTlsTakesEveryCredentialFromSecrets(String chart) {
    Deployment deployment =
        Charts.deployment(
            Charts.render(
                chart,
                Charts.requiredAnd(
                    chart,
                    "kafka.tls.truststoreSecret",
                    "meshfed-cluster-ca-cert",
                    "kafka.sasl.secretName",
                    "meshfed-user",
                    "kafka.sasl.username",
                    "meshfed-user")));

    assertThat(env(deployment, "KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
    assertThat(env(deployment, "KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
    assertThat(env(deployment, "KAFKA_SASL_JAAS_CONFIG"))
        .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
        .contains("username=\"$(MESHFED_KAFKA_SASL_USERNAME)\"")
        .contains("password=\"$(MESHFED_KAFKA_SASL_PASSWORD)\"");
    EnvVar password = envVar(deployment, "MESHFED_KAFKA_SASL_PASSWORD").orElseThrow();
    assertThat(password.getValue()).isNull();
    assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("meshfed-user");
    assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    assertThat(envNames(deployment))
        .as("the password variable is defined before the JAAS config that refers to it")
        .containsSubsequence("MESHFED_KAFKA_SASL_PASSWORD", "KAFKA_SASL_JAAS_CONFIG");
    assertThat(env(deployment, "KAFKA_SSL_TRUSTSTORE_LOCATION"))
        .isEqualTo("/etc/meshfed/kafka/truststore/ca.crt");
    assertThat(env(deployment, "KAFKA_SSL_TRUSTSTORE_TYPE")).isEqualTo("PEM");
    assertMountedReadOnlyFromSecret(
        deployment, "/etc/meshfed/kafka/truststore", "meshfed-cluster-ca-cert");
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void clientCertificateFromAKeystoreSecret(String chart) {
    Deployment deployment =
        Charts.deployment(
            Charts.render(
                chart,
                Charts.requiredAnd(
                    chart,
                    "kafka.tls.truststoreSecret",
                    "meshfed-cluster-ca-cert",
                    "kafka.mtls.keystoreSecret",
                    "meshfed-agent-user")));

    assertThat(env(deployment, "KAFKA_SECURITY_PROTOCOL")).isEqualTo("SSL");
    assertThat(env(deployment, "KAFKA_SSL_KEYSTORE_LOCATION"))
        .isEqualTo("/etc/meshfed/kafka/keystore/user.p12");
    assertThat(env(deployment, "KAFKA_SSL_KEYSTORE_TYPE")).isEqualTo("PKCS12");
    EnvVar password = envVar(deployment, "KAFKA_SSL_KEYSTORE_PASSWORD").orElseThrow();
    assertThat(password.getValue()).isNull();
    assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("meshfed-agent-user");
    assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("user.password");
    assertMountedReadOnlyFromSecret(
        deployment, "/etc/meshfed/kafka/keystore", "meshfed-agent-user");
    assertThat(envVar(deployment, "KAFKA_SASL_JAAS_CONFIG")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void saslAndClientCertificateTogetherAreRefused(String chart) {
    Map<String, Object> values =
        Charts.requiredAnd(
            chart,
            "kafka.sasl.secretName",
            "user",
            "kafka.sasl.username",
            "user",
            "kafka.mtls.keystoreSecret",
            "user-cert");

    assertThatThrownBy(() -> Charts.template(chart, values))
        .hasMessageContaining("kafka.sasl.secretName and kafka.mtls.keystoreSecret are both set");
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void unknownSaslMechanismIsRefusedNamingTheValue(String chart) {
    Map<String, Object> values =
        Charts.requiredAnd(
            chart,
            "kafka.sasl.secretName",
            "user",
            "kafka.sasl.username",
            "user",
            "kafka.sasl.mechanism",
            "GSSAPI");

    assertThatThrownBy(() -> Charts.template(chart, values))
        .as("refused by values.schema.json")
        .hasMessageContaining("at '/kafka/sasl/mechanism'")
        .hasMessageContaining("'SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'");
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void aDigestPinsTheImage(String chart) {
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    Map<String, Object> values =
        Charts.requiredAnd(chart, "image.repository", "team/meshfed", "image.tag", "1.2.3");

    assertThat(onlyContainer(Charts.deployment(Charts.render(chart, values))).getImage())
        .isEqualTo("team/meshfed:1.2.3");
    values.put("image.digest", digest);
    assertThat(onlyContainer(Charts.deployment(Charts.render(chart, values))).getImage())
        .isEqualTo("team/meshfed:1.2.3@" + digest);
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void byDefaultTheImageIsTheOneBinMeshfedImagesBuildsAndJvmOptionsReachTheJvm(String chart) {
    // bin/meshfed-images tags meshfed/meshfed-hub and meshfed/meshfed-agent with the project
    // version.
    String version = System.getProperty("meshfed.version");
    assertThat(version).isNotBlank();
    Container container =
        onlyContainer(Charts.deployment(Charts.render(chart, Charts.required(chart))));

    assertThat(container.getImage()).isEqualTo("meshfed/" + chart + ":" + version);
    // The images have no shell and no launch script: the JVM reads JAVA_TOOL_OPTIONS itself.
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .singleElement()
        .extracting(EnvVar::getValue)
        .isEqualTo("-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError");
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void bothChartsShareOneKafkaTemplate(String chart) {
    assertThat(DeployDir.read(Charts.dir(chart).resolve("templates/_kafka.tpl")))
        .isEqualTo(DeployDir.read(Charts.dir(Charts.AGENT).resolve("templates/_kafka.tpl")));
  }

  private static Container onlyContainer(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void theManagementPortIsAValueAndNeverTheHttpPort(String chart) {
    Deployment deployment =
        Charts.deployment(Charts.render(chart, Charts.requiredAnd(chart, "management.port", 9100)));

    assertThat(onlyContainer(deployment).getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactlyInAnyOrder("http=8080", "management=9100");
    assertThat(env(deployment, "QUARKUS_MANAGEMENT_PORT")).isEqualTo("9100");
    assertThatThrownBy(
            () -> Charts.template(chart, Charts.requiredAnd(chart, "management.port", 8080)))
        .hasMessageContaining("management/port");
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void noNetworkPolicyUnlessAskedFor(String chart) {
    assertThat(Charts.ofKind(Charts.render(chart, Charts.required(chart)), "NetworkPolicy"))
        .isEmpty();
  }

  static Optional<EnvVar> envVar(Deployment deployment, String name) {
    return onlyContainer(deployment).getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .findFirst();
  }

  static String env(Deployment deployment, String name) {
    return envVar(deployment, name)
        .map(EnvVar::getValue)
        .orElseThrow(() -> new AssertionError("no environment variable " + name));
  }

  private static List<String> envNames(Deployment deployment) {
    return onlyContainer(deployment).getEnv().stream().map(EnvVar::getName).toList();
  }

  private static void assertMountedReadOnlyFromSecret(
      Deployment deployment, String mountPath, String secretName) {
    var mount =
        onlyContainer(deployment).getVolumeMounts().stream()
            .filter(m -> mountPath.equals(m.getMountPath()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath));
    assertThat(mount.getReadOnly()).isTrue();
    var volume =
        deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getSecret().getSecretName()).isEqualTo(secretName);
  }

  /** A copy of the chart whose values.yaml sets the required values, for {@code helm lint}. */
  private Path copyWithRequiredValues(String chart) throws IOException {
    Path source = Charts.dir(chart);
    Path target = temp.resolve(chart);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    Path values = target.resolve("values.yaml");
    String text =
        Files.readString(values)
            .replace("clusterName: \"\"", "clusterName: lint-cluster")
            .replace("bootstrapServers: \"\"", "bootstrapServers: kafka:9092")
            .replace("insecurePlaintext: false", "insecurePlaintext: true")
            .replace("publicKeyLocation: \"\"", "publicKeyLocation: https://idp.example/certs")
            .replace("issuer: \"\"", "issuer: https://idp.example");
    Files.writeString(values, text);
    return target;
  }
}
