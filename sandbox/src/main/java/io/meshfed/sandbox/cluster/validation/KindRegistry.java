package io.meshfed.sandbox.cluster.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resource types the dispatcher knows, by group, version and plural: the built-in kinds meshfed
 * writes (with their name formats of k8s.io/kubernetes/pkg/apis/&#42;/validation and whether their
 * registry has a status subresource) and the custom resources of Sail and Istio. Any other resource
 * is {@link ResourceKind#unknown unknown}: only its metadata is checked.
 */
final class KindRegistry {

  private static final String RBAC = RbacRules.GROUP;
  private static final String ADMISSION = "admissionregistration.k8s.io";

  private final Map<String, ResourceKind> kinds = new HashMap<>();

  private KindRegistry(List<ResourceKind> all) {
    all.forEach(k -> kinds.put(key(k.group(), k.version(), k.plural()), k));
  }

  /** The kinds of a cluster with the Sail operator and Istio installed. */
  static KindRegistry standard() {
    List<ResourceKind> all = new ArrayList<>();
    all.add(core("Secret", "secrets", true, NameRule.DNS_SUBDOMAIN, false, CoreKindRules::secret));
    all.add(
        core(
            "ConfigMap",
            "configmaps",
            true,
            NameRule.DNS_SUBDOMAIN,
            false,
            CoreKindRules::configMap));
    all.add(
        core(
            "ServiceAccount",
            "serviceaccounts",
            true,
            NameRule.DNS_SUBDOMAIN,
            false,
            CoreKindRules::serviceAccount));
    all.add(
        core("Namespace", "namespaces", false, NameRule.DNS_LABEL, true, CoreKindRules::namespace));
    all.add(
        core("Service", "services", true, NameRule.DNS_1035_LABEL, true, ServiceRules::service));
    all.add(
        ResourceKind.builtIn(
            "apps",
            "v1",
            "Deployment",
            "deployments",
            true,
            NameRule.DNS_SUBDOMAIN,
            true,
            WorkloadRules::deployment));
    all.add(
        ResourceKind.builtIn(
            "policy",
            "v1",
            "PodDisruptionBudget",
            "poddisruptionbudgets",
            true,
            NameRule.DNS_SUBDOMAIN,
            true,
            WorkloadRules::podDisruptionBudget));
    all.add(
        ResourceKind.builtIn(
            "autoscaling",
            "v2",
            "HorizontalPodAutoscaler",
            "horizontalpodautoscalers",
            true,
            NameRule.DNS_SUBDOMAIN,
            true,
            WorkloadRules::horizontalPodAutoscaler));
    all.add(rbac("Role", "roles", true, RbacRules::role));
    all.add(rbac("RoleBinding", "rolebindings", true, RbacRules::roleBinding));
    all.add(rbac("ClusterRole", "clusterroles", false, RbacRules::clusterRole));
    all.add(
        rbac("ClusterRoleBinding", "clusterrolebindings", false, RbacRules::clusterRoleBinding));
    all.add(
        ResourceKind.builtIn(
            ADMISSION,
            "v1",
            "MutatingWebhookConfiguration",
            "mutatingwebhookconfigurations",
            false,
            NameRule.DNS_SUBDOMAIN,
            false,
            WebhookConfigurationRules::mutating));
    all.add(
        ResourceKind.builtIn(
            ADMISSION,
            "v1",
            "ValidatingWebhookConfiguration",
            "validatingwebhookconfigurations",
            false,
            NameRule.DNS_SUBDOMAIN,
            false,
            WebhookConfigurationRules::validating));
    all.add(SailSchemas.istio());
    all.add(SailSchemas.istioCni());
    all.addAll(IstioNetworkingSchemas.gateways());
    all.addAll(IstioNetworkingSchemas.virtualServices());
    return new KindRegistry(all);
  }

  /** The kind a path names, or an unknown kind built from the path. */
  ResourceKind lookup(ResourcePath path) {
    ResourceKind kind = kinds.get(key(path.group(), path.version(), path.plural()));
    return kind != null ? kind : ResourceKind.unknown(path);
  }

  private static ResourceKind core(
      String kind,
      String plural,
      boolean namespaced,
      NameRule name,
      boolean status,
      KindRules rules) {
    return ResourceKind.builtIn("", "v1", kind, plural, namespaced, name, status, rules);
  }

  private static ResourceKind rbac(
      String kind, String plural, boolean namespaced, KindRules rules) {
    return ResourceKind.builtIn(
        RBAC, "v1", kind, plural, namespaced, NameRule.PATH_SEGMENT, false, rules);
  }

  private static String key(String group, String version, String plural) {
    return group + "/" + version + "/" + plural;
  }
}
