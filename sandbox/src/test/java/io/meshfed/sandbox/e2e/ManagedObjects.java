package io.meshfed.sandbox.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a simulated cluster's API server holds that meshfed manages (label {@code
 * app.kubernetes.io/managed-by=meshfed}), read through the Kubernetes API of every kind DESIGN.md
 * names for a member cluster.
 */
final class ManagedObjects {

  static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Every kind of object DESIGN.md's table lists for a member. */
  static final List<ResourceDefinitionContext> KINDS =
      List.of(
          kind("", "v1", "Namespace", "namespaces", false),
          kind("sailoperator.io", "v1", "IstioCNI", "istiocnis", false),
          kind("sailoperator.io", "v1", "Istio", "istios", false),
          kind("", "v1", "Secret", "secrets", true),
          kind("", "v1", "ServiceAccount", "serviceaccounts", true),
          kind("apps", "v1", "Deployment", "deployments", true),
          kind("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
          kind("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
          kind("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
          kind("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
          kind("", "v1", "Service", "services", true),
          kind("networking.istio.io", "v1", "Gateway", "gateways", true),
          kind("networking.istio.io", "v1", "VirtualService", "virtualservices", true));

  /** An object by kind, namespace (empty for cluster-scoped objects) and name. */
  record Ref(String kind, String namespace, String name) implements Comparable<Ref> {
    static Ref cluster(String kind, String name) {
      return new Ref(kind, "", name);
    }

    static Ref inSystem(String kind, String name) {
      return new Ref(kind, "istio-system", name);
    }

    @Override
    public int compareTo(Ref o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
  }

  private ManagedObjects() {}

  /** Every meshfed-managed object of the cluster, sorted by reference. */
  static Map<Ref, GenericKubernetesResource> of(KubernetesClient client) {
    Map<Ref, GenericKubernetesResource> objects = new TreeMap<>();
    for (ResourceDefinitionContext kind : KINDS) {
      var resources = client.genericKubernetesResources(kind);
      List<GenericKubernetesResource> items =
          (kind.isNamespaceScoped() ? resources.inAnyNamespace() : resources)
              .withLabel(MANAGED_BY, "meshfed")
              .list()
              .getItems();
      for (GenericKubernetesResource r : items) {
        String ns = r.getMetadata().getNamespace();
        objects.put(new Ref(kind.getKind(), ns == null ? "" : ns, r.getMetadata().getName()), r);
      }
    }
    return objects;
  }

  /**
   * The references of the objects with the token Secrets of the reader account folded into one
   * {@value DesignTable#READER_TOKENS} (there is one per token, named with a serial, two while a
   * token is rotated).
   */
  static Set<Ref> refsWithReaderTokensFolded(Map<Ref, GenericKubernetesResource> objects) {
    Set<Ref> refs = new TreeSet<>();
    for (Ref r : objects.keySet()) {
      boolean token =
          r.kind().equals("Secret")
              && r.name().startsWith(DesignTable.READER_TOKENS.replace("*", ""));
      refs.add(token ? new Ref("Secret", r.namespace(), DesignTable.READER_TOKENS) : r);
    }
    return refs;
  }

  /** The resource version of every meshfed-managed object of the cluster. */
  static Map<Ref, String> resourceVersions(KubernetesClient client) {
    Map<Ref, String> versions = new TreeMap<>();
    of(client).forEach((ref, r) -> versions.put(ref, r.getMetadata().getResourceVersion()));
    return versions;
  }

  static ResourceDefinitionContext kindNamed(String kind) {
    return KINDS.stream()
        .filter(k -> k.getKind().equals(kind))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a managed kind: " + kind));
  }

  private static ResourceDefinitionContext kind(
      String group, String version, String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}
