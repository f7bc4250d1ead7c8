package io.meshfed.sandbox.cluster.validation;

import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request that writes an object and is validated: a POST to a collection, or a PUT or a JSON
 * (merge) PATCH of an object or its status. The body is read without consuming the request, so the
 * request can still go to the store unchanged.
 *
 * @param method POST, PUT or PATCH
 * @param patchType for a PATCH, its media type ({@link PatchApplier#MERGE} or {@link
 *     PatchApplier#JSON_PATCH})
 */
record WriteRequest(
    String method, ResourcePath path, String patchType, byte[] body, RecordedRequest original) {

  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  /** The write this request makes, or empty when it is not one this package validates. */
  static Optional<WriteRequest> of(RecordedRequest request) {
    String method = request.getMethod().toUpperCase(java.util.Locale.ROOT);
    if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
      return Optional.empty();
    }
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith(PROTOBUF)) {
      return Optional.empty();
    }
    String patchType = null;
    if (method.equals("PATCH")) {
      patchType = PatchApplier.patchType(contentType);
      if (patchType == null) {
        return Optional.empty(); // strategic merge and apply patches: the store answers them
      }
    }
    Optional<ResourcePath> path = ResourcePath.parse(request.getPath());
    if (path.isEmpty()) {
      return Optional.empty();
    }
    ResourcePath p = path.get();
    boolean collection = p.name() == null && p.subresource() == null;
    boolean object = p.name() != null && (p.subresource() == null || p.status());
    if (method.equals("POST") ? !collection : !object) {
      return Optional.empty();
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    return Optional.of(new WriteRequest(method, p, patchType, body, request));
  }

  boolean create() {
    return method.equals("POST");
  }

  boolean patch() {
    return method.equals("PATCH");
  }

  /** The same request with another body (and, for a PATCH, another media type) and path. */
  RecordedRequest rewritten(String path, String contentType, String newBody) {
    byte[] bytes = newBody.getBytes(StandardCharsets.UTF_8);
    Headers headers =
        original
            .getHeaders()
            .newBuilder()
            .set("Content-Type", contentType)
            .set("Content-Length", String.valueOf(bytes.length))
            .build();
    return new RecordedRequest(
        original.getHttpVersion(), original.method(), path, headers, new Buffer(bytes));
  }

  /** The same request on another path (the status path without its query string). */
  RecordedRequest onPath(String path) {
    return new RecordedRequest(
        original.getHttpVersion(),
        original.method(),
        path,
        original.getHeaders(),
        new Buffer(body));
  }
}
