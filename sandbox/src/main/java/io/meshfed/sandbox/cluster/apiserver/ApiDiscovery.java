package io.meshfed.sandbox.cluster.apiserver;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshfed.sandbox.cluster.SharedSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The API discovery documents of a simulated cluster, as a Kubernetes 1.32 API server answers them:
 * {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis} and {@code
 * /apis/<group>/<version>}. The built-in resources are those meshfed and {@code kubectl} touch;
 * custom resources come from the definitions stored in the cluster. Pure: builds JSON strings.
 */
final class ApiDiscovery {

  /** The Kubernetes version the simulated clusters claim. */
  static final String GIT_VERSION = "v1.32.0";

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  /** group (empty for core), version, plural, kind, namespaced, short names, has status. */
  private record BuiltIn(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      boolean status) {}

  private static final List<BuiltIn> BUILT_IN =
      List.of(
          new BuiltIn("", "v1", "namespaces", "Namespace", false, List.of("ns"), true),
          new BuiltIn("", "v1", "nodes", "Node", false, List.of("no"), true),
          new BuiltIn("", "v1", "services", "Service", true, List.of("svc"), true),
          new BuiltIn("", "v1", "pods", "Pod", true, List.of("po"), true),
          new BuiltIn("", "v1", "secrets", "Secret", true, List.of(), false),
          new BuiltIn("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), false),
          new BuiltIn("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), false),
          new BuiltIn("", "v1", "endpoints", "Endpoints", true, List.of("ep"), false),
          new BuiltIn("", "v1", "events", "Event", true, List.of("ev"), false),
          new BuiltIn("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), true),
          new BuiltIn("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), true),
          new BuiltIn("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), true),
          new BuiltIn("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), true),
          new BuiltIn(
              "policy",
              "v1",
              "poddisruptionbudgets",
              "PodDisruptionBudget",
              true,
              List.of("pdb"),
              true),
          new BuiltIn(
              "autoscaling",
              "v2",
              "horizontalpodautoscalers",
              "HorizontalPodAutoscaler",
              true,
              List.of("hpa"),
              true),
          new BuiltIn("rbac.authorization.k8s.io", "v1", "roles", "Role", true, List.of(), false),
          new BuiltIn(
              "rbac.authorization.k8s.io",
              "v1",
              "rolebindings",
              "RoleBinding",
              true,
              List.of(),
              false),
          new BuiltIn(
              "rbac.authorization.k8s.io",
              "v1",
              "clusterroles",
              "ClusterRole",
              false,
              List.of(),
              false),
          new BuiltIn(
              "rbac.authorization.k8s.io",
              "v1",
              "clusterrolebindings",
              "ClusterRoleBinding",
              false,
              List.of(),
              false),
          new BuiltIn("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), false),
          new BuiltIn(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              true));

  private final KubernetesSerialization json = SharedSerialization.INSTANCE;

  /** {@code /version}. */
  String version() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("major", "1");
    info.put("minor", "32");
    info.put("gitVersion", GIT_VERSION);
    info.put("gitCommit", "0000000000000000000000000000000000000000");
    info.put("gitTreeState", "clean");
    info.put("buildDate", "2024-12-11T00:00:00Z");
    info.put("goVersion", "go1.23.3");
    info.put("compiler", "gc");
    info.put("platform", "linux/amd64");
    return json.asJson(info);
  }

  /** {@code /api}: the core group's versions. */
  String coreVersions(String serverAddress) {
    return json.asJson(
        new APIVersionsBuilder()
            .withVersions("v1")
            .addNewServerAddressByClientCIDR()
            .withClientCIDR("0.0.0.0/0")
            .withServerAddress(serverAddress)
            .endServerAddressByClientCIDR()
            .build());
  }

  /** {@code /apis}: the built-in groups and those of the stored custom resource definitions. */
  String groups(List<CustomResourceDefinition> crds) {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    for (BuiltIn b : BUILT_IN) {
      if (!b.group().isEmpty()) {
        addVersion(versions, b.group(), b.version());
      }
    }
    for (CustomResourceDefinition crd : crds) {
      for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
        if (Boolean.TRUE.equals(v.getServed())) {
          addVersion(versions, crd.getSpec().getGroup(), v.getName());
        }
      }
    }
    List<APIGroup> groups = new ArrayList<>();
    versions.forEach(
        (group, vs) -> {
          List<GroupVersionForDiscovery> gvs =
              vs.stream().map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
          groups.add(
              new APIGroupBuilder()
                  .withName(group)
                  .withVersions(gvs)
                  .withPreferredVersion(gvs.get(0))
                  .build());
        });
    return json.asJson(new APIGroupListBuilder().withGroups(groups).build());
  }

  /**
   * {@code /api/v1} (group "") or {@code /apis/<group>/<version>}; empty when the cluster does not
   * serve that group version.
   */
  Optional<String> resources(String group, String version, List<CustomResourceDefinition> crds) {
    List<APIResource> resources = new ArrayList<>();
    for (BuiltIn b : BUILT_IN) {
      if (b.group().equals(group) && b.version().equals(version)) {
        resources.add(
            resource(b.plural(), b.kind(), b.namespaced(), b.shortNames(), List.of(), VERBS));
        if (b.status()) {
          resources.add(
              resource(
                  b.plural() + "/status",
                  b.kind(),
                  b.namespaced(),
                  List.of(),
                  List.of(),
                  STATUS_VERBS));
        }
      }
    }
    for (CustomResourceDefinition crd : crds) {
      if (!crd.getSpec().getGroup().equals(group)) {
        continue;
      }
      for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
        if (v.getName().equals(version) && Boolean.TRUE.equals(v.getServed())) {
          var names = crd.getSpec().getNames();
          boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
          resources.add(
              resource(
                  names.getPlural(),
                  names.getKind(),
                  namespaced,
                  names.getShortNames(),
                  names.getCategories(),
                  VERBS));
          if (v.getSubresources() != null && v.getSubresources().getStatus() != null) {
            resources.add(
                resource(
                    names.getPlural() + "/status",
                    names.getKind(),
                    namespaced,
                    List.of(),
                    List.of(),
                    STATUS_VERBS));
          }
        }
      }
    }
    if (resources.isEmpty()) {
      return Optional.empty();
    }
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    return Optional.of(
        json.asJson(
            new APIResourceListBuilder()
                .withGroupVersion(groupVersion)
                .withResources(resources)
                .build()));
  }

  private static void addVersion(Map<String, List<String>> versions, String group, String version) {
    List<String> list = versions.computeIfAbsent(group, g -> new ArrayList<>());
    if (!list.contains(version)) {
      list.add(version);
    }
  }

  private static APIResource resource(
      String name,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      List<String> verbs) {
    boolean subresource = name.contains("/");
    return new APIResourceBuilder()
        .withName(name)
        .withSingularName(subresource ? "" : kind.toLowerCase(Locale.ROOT))
        .withKind(kind)
        .withNamespaced(namespaced)
        .withVerbs(verbs)
        .withShortNames(shortNames == null || shortNames.isEmpty() ? null : shortNames)
        .withCategories(categories == null || categories.isEmpty() ? null : categories)
        .build();
  }
}
