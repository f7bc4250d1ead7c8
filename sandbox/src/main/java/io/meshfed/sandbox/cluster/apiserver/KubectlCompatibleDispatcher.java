package io.meshfed.sandbox.cluster.apiserver;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshfed.sandbox.cluster.SharedSerialization;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a Kubernetes face on the Fabric8 CRUD mock so that {@code kubectl} works against it: the
 * discovery endpoints answer like a real API server (the CRUD mock returns empty lists there, so
 * {@code kubectl} knows no resource types), {@code /openapi/v2} is an empty document, protobuf
 * bodies are refused with 415 (so clients fall back to JSON instead of hanging), and every other
 * request goes to the CRUD store. Query strings are ignored on the discovery paths ({@code kubectl}
 * appends {@code ?timeout=32s}).
 */
final class KubectlCompatibleDispatcher extends Dispatcher {

  private static final Pattern GROUP_VERSION =
      Pattern.compile("^/apis/(?<group>[a-z0-9.-]+)/(?<version>[a-z0-9]+)/?$");
  private static final String CRDS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  private final KubernetesCrudDispatcher store;
  private final Dispatcher next;
  private final ApiDiscovery discovery = new ApiDiscovery();
  private final KubernetesSerialization json = SharedSerialization.INSTANCE;
  private final IntSupplier port;

  /**
   * @param store the CRUD mock that holds the cluster's objects (read for the stored CRDs)
   * @param next where every request that is not a discovery request goes
   * @param port the port the server listens on (for {@code /api}'s server address)
   */
  KubectlCompatibleDispatcher(KubernetesCrudDispatcher store, Dispatcher next, IntSupplier port) {
    this.store = store;
    this.next = next;
    this.port = port;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith(PROTOBUF)) {
      return status(
          415, "UnsupportedMediaType", "this API server speaks JSON only, not " + contentType);
    }
    if ("GET".equalsIgnoreCase(request.getMethod())) {
      Optional<MockResponse> answer = discovery(withoutQuery(request.getPath()));
      if (answer.isPresent()) {
        return answer.get();
      }
    }
    return next.dispatch(request);
  }

  @Override
  public void shutdown() {
    next.shutdown();
  }

  private Optional<MockResponse> discovery(String path) {
    switch (path) {
      case "/version":
        return Optional.of(ok(discovery.version()));
      case "/api":
        return Optional.of(ok(discovery.coreVersions("127.0.0.1:" + port.getAsInt())));
      case "/api/v1":
        return discovery.resources("", "v1", List.of()).map(this::ok);
      case "/apis":
        return Optional.of(ok(discovery.groups(storedCrds())));
      case "/openapi/v2":
        return Optional.of(ok(""));
      default:
        Matcher m = GROUP_VERSION.matcher(path);
        if (m.matches()) {
          return Optional.of(
              discovery
                  .resources(m.group("group"), m.group("version"), storedCrds())
                  .map(this::ok)
                  .orElseGet(() -> status(404, "NotFound", "the server could not find " + path)));
        }
        return Optional.empty();
    }
  }

  private List<CustomResourceDefinition> storedCrds() {
    MockResponse list = store.handleGet(CRDS_PATH);
    if (list.code() != 200) {
      return List.of();
    }
    return json.unmarshal(list.getBody().readUtf8(), CustomResourceDefinitionList.class).getItems();
  }

  private static String withoutQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private MockResponse ok(String body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private static MockResponse status(int code, String reason, String message) {
    return StatusResponses.failure(code, reason, message);
  }
}
