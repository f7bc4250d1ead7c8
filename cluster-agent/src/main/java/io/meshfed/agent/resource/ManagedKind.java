package io.meshfed.agent.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Arrays;
import java.util.List;

/**
 * Every kind the agent writes, in install order (deletion goes the other way). The plural and scope
 * are stated here so that no API discovery is needed.
 */
public enum ManagedKind {
  NAMESPACE("", "v1", "Namespace", "namespaces", false),
  ISTIO_CNI("sailoperator.io", "v1", "IstioCNI", "istiocnis", false),
  ISTIO("sailoperator.io", "v1", "Istio", "istios", false),
  SECRET("", "v1", "Secret", "secrets", true),
  SERVICE_ACCOUNT("", "v1", "ServiceAccount", "serviceaccounts", true),
  DEPLOYMENT("apps", "v1", "Deployment", "deployments", true),
  POD_DISRUPTION_BUDGET("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
  ROLE("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  ROLE_BINDING("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  HORIZONTAL_POD_AUTOSCALER(
      "autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
  SERVICE("", "v1", "Service", "services", true),
  GATEWAY("networking.istio.io", "v1", "Gateway", "gateways", true),
  VIRTUAL_SERVICE("networking.istio.io", "v1", "VirtualService", "virtualservices", true);

  private final String group;
  private final String version;
  private final String kind;
  private final String plural;
  private final boolean namespaced;

  ManagedKind(String group, String version, String kind, String plural, boolean namespaced) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.plural = plural;
    this.namespaced = namespaced;
  }

  public String group() {
    return group;
  }

  public String kind() {
    return kind;
  }

  public String plural() {
    return plural;
  }

  public boolean namespaced() {
    return namespaced;
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  /** The kinds in the order their objects are deleted: the reverse of install order. */
  public static List<ManagedKind> deletionOrder() {
    List<ManagedKind> kinds = Arrays.asList(values().clone());
    java.util.Collections.reverse(kinds);
    return List.copyOf(kinds);
  }

  public static ManagedKind of(HasMetadata object) {
    return of(object.getApiVersion(), object.getKind());
  }

  public static ManagedKind of(String apiVersion, String kind) {
    return Arrays.stream(values())
        .filter(k -> k.apiVersion().equals(apiVersion) && k.kind.equals(kind))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a kind meshfed manages: " + apiVersion + " " + kind));
  }
}
