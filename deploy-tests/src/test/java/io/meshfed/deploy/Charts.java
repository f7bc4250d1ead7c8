package io.meshfed.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the charts under {@code deploy/helm} with the Helm library and parses the result. */
final class Charts {

  static final String AGENT = "meshfed-agent";
  static final String HUB = "meshfed-hub";
  static final String RELEASE = "meshfed";
  static final String NAMESPACE = "meshfed-system";

  /** The Kubernetes version the charts are rendered for (they require 1.27 or later). */
  static final String KUBE_VERSION = "v1.32.0";

  private Charts() {}

  static Path dir(String chart) {
    return DeployDir.resolve("helm/" + chart);
  }

  /**
   * The values every chart needs to render: the required ones (a test broker without TLS, allowed
   * explicitly).
   */
  static Map<String, Object> required(String chart) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (AGENT.equals(chart)) {
      values.put("clusterName", "cluster-east");
      values.put("hub.signingPublicKeys[0]", HUB_SIGNING_KEY);
    }
    if (HUB.equals(chart)) {
      values.put("jwt.publicKeyLocation", "https://idp.example/realms/platform/certs");
      values.put("jwt.issuer", "https://idp.example/realms/platform");
    }
    values.put("kafka.bootstrapServers", "kafka-bootstrap.kafka:9093");
    // Without TLS the charts render only when told to; a test that sets TLS gets TLS all the same.
    values.put("kafka.insecurePlaintext", true);
    return values;
  }

  /** {@link #required} plus the given values (later ones win). */
  static Map<String, Object> requiredAnd(String chart, Object... keysAndValues) {
    Map<String, Object> values = required(chart);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return values;
  }

  /** {@code helm template} of the chart with these {@code --set} values. */
  static String template(String chart, Map<String, Object> values) {
    return template(chart, null, values);
  }

  /**
   * {@code helm template} of the chart with a values file ({@code -f}, none if null) and these
   * {@code --set} values.
   */
  static String template(String chart, Path valuesFile, Map<String, Object> values) {
    TemplateCommand command =
        new Helm(dir(chart))
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    if (valuesFile != null) {
      command.withValuesFile(valuesFile);
    }
    values.forEach(command::set);
    return command.call();
  }

  /** The rendered chart as typed Fabric8 objects (unknown kinds as generic resources). */
  static List<HasMetadata> render(String chart, Map<String, Object> values) {
    return parse(template(chart, values));
  }

  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      objects.add(Serialization.unmarshal(document));
    }
    return objects;
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + type.getSimpleName() + ", found " + found.size() + " in " + objects);
    }
    return found.get(0);
  }

  static List<HasMetadata> ofKind(List<HasMetadata> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  /** A hub record-signing public key, as the agent chart takes it. */
  static final String HUB_SIGNING_KEY =
      "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";

  /** The name of the account peers read a member cluster with (the agent chart's 032-reader). */
  static final String PEER_READER = "meshfed-reader";

  /**
   * The rendered objects without the agent chart's peer reader account, role and binding: the
   * objects of the release's own service account.
   */
  static List<HasMetadata> withoutPeerReader(List<HasMetadata> objects) {
    return objects.stream()
        .filter(
            o ->
                !(PEER_READER.equals(o.getMetadata().getName())
                    && List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding")
                        .contains(o.getKind())))
        .toList();
  }

  static Deployment deployment(List<HasMetadata> objects) {
    return one(objects, Deployment.class);
  }
}
