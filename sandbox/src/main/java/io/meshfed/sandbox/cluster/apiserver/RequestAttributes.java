package io.meshfed.sandbox.cluster.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an API request asks for, in the terms RBAC decides on: the verb, API group, resource,
 * subresource, namespace and name, or a non-resource path ({@code /version}, {@code /apis}). Parsed
 * the way the API server's request-info resolver does ({@code
 * staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go}): {@code GET} of one object is
 * {@code get}, of a collection {@code list} (or {@code watch} with {@code ?watch=true}), {@code
 * POST} is {@code create}, {@code PUT} {@code update}, {@code PATCH} {@code patch}, {@code DELETE}
 * {@code delete} or, on a collection, {@code deletecollection}. Pure.
 *
 * @param resourceRequest false for a non-resource path
 * @param path the path without its query
 */
public record RequestAttributes(
    boolean resourceRequest,
    String verb,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path) {

  private static final List<String> NAMESPACE_SUBRESOURCES = List.of("status", "finalize");

  /** Parses a request line's method and path (with or without a query string). */
  public static RequestAttributes of(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    List<String> parts =
        Arrays.stream(path.split("/"))
            .filter(s -> !s.isEmpty())
            .map(RequestAttributes::decode)
            .toList();
    String apiGroup;
    List<String> rest;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      apiGroup = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      apiGroup = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return nonResource(method, path);
    }
    if (rest.isEmpty()) {
      return nonResource(method, path);
    }
    String namespace = null;
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      if (!(rest.size() == 3 && NAMESPACE_SUBRESOURCES.contains(rest.get(2)))) {
        namespace = rest.get(1);
        rest = rest.subList(2, rest.size());
      }
    }
    String resource = rest.get(0);
    String name = rest.size() >= 2 ? rest.get(1) : null;
    String subresource = rest.size() >= 3 ? rest.get(2) : null;
    if (resource.equals("namespaces") && name != null) {
      // a namespace is its own name: /api/v1/namespaces/x is get namespaces x
      namespace = name;
    }
    String verb = verb(method, name != null, watch(query));
    return new RequestAttributes(
        true, verb, apiGroup, resource, subresource, namespace, name, path);
  }

  private static RequestAttributes nonResource(String method, String path) {
    return new RequestAttributes(
        false, method.toLowerCase(java.util.Locale.ROOT), null, null, null, null, null, path);
  }

  private static String verb(String method, boolean named, boolean watch) {
    switch (method.toUpperCase(java.util.Locale.ROOT)) {
      case "GET":
      case "HEAD":
        if (watch) {
          return "watch";
        }
        return named ? "get" : "list";
      case "POST":
        return "create";
      case "PUT":
        return "update";
      case "PATCH":
        return "patch";
      case "DELETE":
        return named ? "delete" : "deletecollection";
      default:
        return method.toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static boolean watch(String query) {
    return Arrays.stream(query.split("&"))
        .anyMatch(p -> p.equals("watch=true") || p.equals("watch=1") || p.equals("watch"));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The namespace, if the request is namespaced. */
  public Optional<String> namespaceIfAny() {
    return Optional.ofNullable(namespace);
  }

  /** Whether the request writes. */
  public boolean writes() {
    return resourceRequest
        && List.of("create", "update", "patch", "delete", "deletecollection").contains(verb);
  }

  /** How the API server words the request in a 403 message. */
  public String describe() {
    if (!resourceRequest) {
      return "cannot " + verb + " path \"" + path + "\"";
    }
    String what =
        "resource \""
            + resource
            + (subresource == null ? "" : "/" + subresource)
            + "\" in API group \""
            + apiGroup
            + "\"";
    String where =
        namespace != null && !resource.equals("namespaces")
            ? " in the namespace \"" + namespace + "\""
            : " at the cluster scope";
    return "cannot " + verb + " " + what + where;
  }
}
