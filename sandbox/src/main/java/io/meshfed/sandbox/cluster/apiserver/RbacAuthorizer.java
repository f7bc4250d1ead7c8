package io.meshfed.sandbox.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides a request as the API server's RBAC authorizer does ({@code
 * plugin/pkg/auth/authorizer/rbac/rbac.go}, with the rule matching of {@code
 * pkg/apis/rbac/v1/evaluation_helpers.go}): allowed when a rule of a role bound to the user, one of
 * its groups or its service account matches the verb, API group, resource (or {@code
 * resource/subresource}, {@code *}, {@code *}/subresource), resource name (a rule with {@code
 * resourceNames} never matches a request without a name, such as {@code list}) or non-resource URL.
 * ClusterRoleBindings grant everywhere, RoleBindings in their namespace. {@code system:masters} may
 * do everything. The bootstrap policy a kubeadm cluster holds beside the stored roles is built in:
 * {@code system:discovery} and {@code system:basic-user} for authenticated users, {@code
 * system:public-info-viewer} for everyone, and kubeadm's {@code
 * kubeadm:bootstrap-signer-clusterinfo} (anonymous may read {@code kube-public/cluster-info}).
 */
final class RbacAuthorizer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StoreReader store;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long generation, boolean allowed) {}

  RbacAuthorizer(StoreReader store) {
    this.store = store;
  }

  boolean allowed(Identity identity, RequestAttributes request) {
    if (identity.isAdmin()) {
      return true;
    }
    if (bootstrapAllows(identity, request)) {
      return true;
    }
    String key = identity.user() + " " + request;
    long generation = store.securityGeneration();
    Cached cached = cache.get(key);
    if (cached != null && cached.generation() == generation) {
      return cached.allowed();
    }
    boolean allowed = storedRulesAllow(identity, request);
    if (cache.size() > 5000) {
      cache.clear();
    }
    cache.put(key, new Cached(generation, allowed));
    return allowed;
  }

  private boolean storedRulesAllow(Identity identity, RequestAttributes request) {
    List<JsonNode> bindings =
        new ArrayList<>(store.list("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings"));
    if (request.namespace() != null) {
      bindings.addAll(
          store.list(
              "/apis/rbac.authorization.k8s.io/v1/namespaces/"
                  + request.namespace()
                  + "/rolebindings"));
    }
    for (JsonNode binding : bindings) {
      if (!bound(identity, binding.path("subjects"))) {
        continue;
      }
      JsonNode roleRef = binding.path("roleRef");
      String bindingNamespace = binding.path("metadata").path("namespace").asText("");
      String rolePath =
          "Role".equals(roleRef.path("kind").asText())
              ? "/apis/rbac.authorization.k8s.io/v1/namespaces/"
                  + bindingNamespace
                  + "/roles/"
                  + roleRef.path("name").asText()
              : "/apis/rbac.authorization.k8s.io/v1/clusterroles/" + roleRef.path("name").asText();
      JsonNode rules = store.get(rolePath).map(r -> r.path("rules")).orElse(JSON.createArrayNode());
      for (JsonNode rule : rules) {
        if (matches(rule, request)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean bound(Identity identity, JsonNode subjects) {
    for (JsonNode s : subjects) {
      String kind = s.path("kind").asText();
      String name = s.path("name").asText();
      switch (kind) {
        case "User":
          if (name.equals(identity.user())) {
            return true;
          }
          break;
        case "Group":
          if (identity.groups().contains(name)) {
            return true;
          }
          break;
        case "ServiceAccount":
          if (identity
              .user()
              .equals("system:serviceaccount:" + s.path("namespace").asText() + ":" + name)) {
            return true;
          }
          break;
        default:
          break;
      }
    }
    return false;
  }

  static boolean matches(JsonNode rule, RequestAttributes request) {
    if (!contains(rule.path("verbs"), request.verb())) {
      return false;
    }
    if (!request.resourceRequest()) {
      for (JsonNode url : rule.path("nonResourceURLs")) {
        String u = url.asText();
        if (u.equals("*")
            || u.equals(request.path())
            || (u.endsWith("*") && request.path().startsWith(u.substring(0, u.length() - 1)))) {
          return true;
        }
      }
      return false;
    }
    if (!contains(rule.path("apiGroups"), request.apiGroup())) {
      return false;
    }
    String combined =
        request.subresource() == null
            ? request.resource()
            : request.resource() + "/" + request.subresource();
    boolean resource = false;
    for (JsonNode r : rule.path("resources")) {
      String text = r.asText();
      if (text.equals("*")
          || text.equals(combined)
          || (request.subresource() != null && text.equals("*/" + request.subresource()))) {
        resource = true;
      }
    }
    if (!resource) {
      return false;
    }
    JsonNode names = rule.path("resourceNames");
    if (names.isMissingNode() || names.isEmpty()) {
      return true;
    }
    if (request.name() == null) {
      return false;
    }
    for (JsonNode n : names) {
      if (n.asText().equals(request.name())) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(JsonNode values, String value) {
    for (JsonNode v : values) {
      if (v.asText().equals("*") || v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** {@code plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go} and kubeadm's role. */
  private static boolean bootstrapAllows(Identity identity, RequestAttributes request) {
    if (!request.resourceRequest()) {
      String path = request.path();
      boolean publicInfo =
          List.of("/healthz", "/livez", "/readyz", "/version", "/version/").contains(path);
      boolean discovery =
          publicInfo
              || path.equals("/api")
              || path.startsWith("/api/")
              || path.equals("/apis")
              || path.startsWith("/apis/")
              || path.equals("/openapi")
              || path.startsWith("/openapi/");
      return "get".equals(request.verb())
          && (publicInfo || (discovery && identity.groups().contains(Identity.AUTHENTICATED)));
    }
    if (identity.groups().contains(Identity.AUTHENTICATED)
        && "create".equals(request.verb())
        && List.of("authorization.k8s.io", "authentication.k8s.io").contains(request.apiGroup())
        && List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews")
            .contains(request.resource())) {
      return true;
    }
    // kubeadm's RoleBinding names only the user system:anonymous
    return "system:anonymous".equals(identity.user())
        && "get".equals(request.verb())
        && "".equals(request.apiGroup())
        && "configmaps".equals(request.resource())
        && "kube-public".equals(request.namespace())
        && "cluster-info".equals(request.name());
  }
}
