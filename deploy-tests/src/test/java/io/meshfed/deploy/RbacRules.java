package io.meshfed.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rights a chart grants, as single (scope, group, resource, verb, names) grants, and the
 * comparison with the API calls a service makes. A ClusterRole grant holds everywhere; a Role grant
 * only in the Role's namespace. A grant with {@code resourceNames} allows only a call on one of
 * those names, never a call without a name (a create, a list or watch of all), as the API server's
 * RBAC authorizer decides ({@code plugin/pkg/auth/authorizer/rbac/rbac.go}, {@code
 * ResourceMatches}). Wildcards are not expanded: the charts must not use them.
 */
final class RbacRules {

  /**
   * One granted right; {@code namespace} is {@code ""} for a ClusterRole, {@code names} empty for
   * any name.
   */
  record Grant(String namespace, String group, String resource, String verb, Set<String> names) {
    Grant {
      names = Set.copyOf(names);
    }

    Grant(String namespace, String group, String resource, String verb) {
      this(namespace, group, resource, verb, Set.of());
    }

    boolean clusterWide() {
      return namespace.isEmpty();
    }

    boolean allows(ApiCall call) {
      return group.equals(call.group())
          && resource.equals(call.resource())
          && verb.equals(call.verb())
          && (clusterWide() || namespace.equals(call.namespace()))
          && (names.isEmpty() || names.contains(call.name()));
    }

    @Override
    public String toString() {
      String where = clusterWide() ? "ClusterRole" : "Role in " + namespace;
      return where
          + ": "
          + verb
          + " "
          + (group.isEmpty() ? "core" : group)
          + "/"
          + resource
          + (names.isEmpty() ? "" : " " + new TreeSet<>(names));
    }
  }

  private final List<Grant> grants;

  private RbacRules(List<Grant> grants) {
    this.grants = List.copyOf(grants);
  }

  /** The grants of every ClusterRole and Role among the rendered objects. */
  static RbacRules of(Collection<HasMetadata> objects) {
    List<Grant> grants = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof ClusterRole role) {
        add(grants, "", role.getRules());
      } else if (object instanceof Role role) {
        add(grants, role.getMetadata().getNamespace(), role.getRules());
      }
    }
    return new RbacRules(grants);
  }

  List<Grant> grants() {
    return grants;
  }

  /** The calls no grant allows, in the order they were made, each once. */
  List<ApiCall> forbidden(Collection<ApiCall> calls) {
    return calls.stream()
        .distinct()
        .filter(c -> grants.stream().noneMatch(g -> g.allows(c)))
        .toList();
  }

  /** The grants no call needs. */
  List<Grant> unused(Collection<ApiCall> calls) {
    return grants.stream().filter(g -> calls.stream().noneMatch(g::allows)).toList();
  }

  /**
   * Cluster-wide grants that only calls in one namespace use: they belong in a Role there. Empty
   * when the chart grants nothing wider than needed.
   */
  List<Grant> widerThanNeeded(Collection<ApiCall> calls) {
    List<Grant> wider = new ArrayList<>();
    for (Grant grant : grants) {
      if (!grant.clusterWide()) {
        continue;
      }
      Set<String> namespaces = new TreeSet<>();
      calls.stream().filter(grant::allows).forEach(c -> namespaces.add(c.namespace()));
      if (namespaces.size() == 1 && !namespaces.contains("")) {
        wider.add(grant);
      }
    }
    return wider;
  }

  private static void add(List<Grant> grants, String namespace, List<PolicyRule> rules) {
    for (PolicyRule rule : rules) {
      Set<String> names =
          rule.getResourceNames() == null ? Set.of() : Set.copyOf(rule.getResourceNames());
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            if ("*".equals(group) || "*".equals(resource) || "*".equals(verb)) {
              throw new IllegalArgumentException("wildcard in RBAC rule: " + rule);
            }
            grants.add(new Grant(namespace, group, resource, verb, names));
          }
        }
      }
    }
  }
}
