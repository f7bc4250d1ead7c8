package io.meshfed.sandbox.cluster.validation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request path of the Kubernetes API taken apart: {@code
 * /apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>[/<subresource>]][?query]}, or {@code
 * /api/v1/...} for the core group.
 *
 * @param group empty for the core group
 * @param namespace null for a cluster-scoped path
 * @param name null for a collection
 * @param subresource null for the object itself
 * @param query the decoded query parameters (the first value of each)
 */
record ResourcePath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource,
    Map<String, String> query) {

  /** The subresources of a namespace, which are not namespaced collections. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  static Optional<ResourcePath> parse(String raw) {
    int q = raw.indexOf('?');
    String path = q < 0 ? raw : raw.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : query(raw.substring(q + 1));
    List<String> segs = List.of(path.replaceAll("^/+|/+$", "").split("/+"));
    String group;
    int at;
    if (segs.size() >= 2 && segs.get(0).equals("api")) {
      group = "";
      at = 1;
    } else if (segs.size() >= 3 && segs.get(0).equals("apis")) {
      group = segs.get(1);
      at = 2;
    } else {
      return Optional.empty();
    }
    String version = segs.get(at);
    List<String> rest = segs.subList(at + 1, segs.size());
    String namespace = null;
    if (rest.size() >= 3
        && rest.get(0).equals("namespaces")
        && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) {
      return Optional.empty();
    }
    return Optional.of(
        new ResourcePath(
            group,
            version,
            namespace,
            rest.get(0),
            rest.size() > 1 ? rest.get(1) : null,
            rest.size() > 2 ? rest.get(2) : null,
            query));
  }

  /** The path of the object itself, without subresource and query: what the store reads. */
  String objectPath() {
    StringBuilder b = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/");
    b.append(version);
    if (namespace != null) {
      b.append("/namespaces/").append(namespace);
    }
    b.append('/').append(plural);
    if (name != null) {
      b.append('/').append(name);
    }
    return b.toString();
  }

  /** The path without its query string. */
  String withoutQuery() {
    return subresource == null ? objectPath() : objectPath() + "/" + subresource;
  }

  boolean status() {
    return "status".equals(subresource);
  }

  private static Map<String, String> query(String text) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(key, value);
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
