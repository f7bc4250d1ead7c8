package io.meshfed.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code helm install meshfed-agent} makes in a member cluster before its agent runs and that
 * the rest of the mesh relies on: the namespace {@code istio-system} ({@code 010-Namespace.yaml},
 * with {@code createIstioNamespace}) and the account peers read the cluster with, {@code
 * istio-system/meshfed-reader} with its ClusterRole and binding ({@code 032-reader.yaml}). The
 * rules are read from the chart's own {@code files/reader-clusterrole-rules.yaml}, so the simulated
 * clusters enforce exactly what the chart grants.
 */
final class AgentChartInstall {

  static final String RULES_FILE = "deploy/helm/meshfed-agent/files/reader-clusterrole-rules.yaml";
  static final String READER = "meshfed-reader";
  private static final String ISTIO_SYSTEM = "istio-system";
  private static final Map<String, String> HELM_LABELS =
      Map.of(
          "app.kubernetes.io/managed-by", "Helm",
          "app.kubernetes.io/name", "meshfed-agent",
          "app.kubernetes.io/part-of", "meshfed");

  private final List<PolicyRule> readerRules;

  private AgentChartInstall(List<PolicyRule> readerRules) {
    this.readerRules = List.copyOf(readerRules);
  }

  /** Reads the chart's reader rules under the project's root directory. */
  static AgentChartInstall fromChart(Path home) {
    Path file = home.resolve(RULES_FILE);
    try {
      List<PolicyRule> rules =
          new ObjectMapper(new YAMLFactory())
              .readValue(file.toFile(), new TypeReference<List<PolicyRule>>() {});
      if (rules == null || rules.isEmpty()) {
        throw new IllegalStateException(file + " holds no RBAC rule");
      }
      return new AgentChartInstall(rules);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the agent chart's reader rules " + file, e);
    }
  }

  List<PolicyRule> readerRules() {
    return readerRules;
  }

  /** Creates the chart's objects, as the cluster's administrator running {@code helm install}. */
  void installInto(KubernetesClient admin) {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ISTIO_SYSTEM)
                .withLabels(HELM_LABELS)
                .addToAnnotations("helm.sh/resource-policy", "keep")
                .endMetadata()
                .build())
        .create();
    admin
        .serviceAccounts()
        .inNamespace(ISTIO_SYSTEM)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(READER)
                .withNamespace(ISTIO_SYSTEM)
                .withLabels(HELM_LABELS)
                .endMetadata()
                .build())
        .create();
    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(READER)
                .withLabels(HELM_LABELS)
                .endMetadata()
                .withRules(readerRules)
                .build())
        .create();
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(READER)
                .withLabels(HELM_LABELS)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", READER)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(READER)
                .withNamespace(ISTIO_SYSTEM)
                .endSubject()
                .build())
        .create();
  }
}
