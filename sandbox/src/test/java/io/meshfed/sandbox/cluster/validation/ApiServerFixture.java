package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshfed.sandbox.cluster.MeshCrds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A mock API server with a {@link ValidatingDispatcher} in front of a Fabric8 CRUD store, as a
 * simulated cluster has it; the store is reached through a recorder, so tests see what reached it.
 * Holds the Sail and Istio CRDs and the namespaces {@code default}, {@code istio-system} and {@code
 * istio-cni}.
 */
final class ApiServerFixture implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A request as it reached the store. */
  record Reached(String method, String path, String contentType, String body) {}

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final HttpClient http;
  private final String url;
  private final List<Reached> reached = new CopyOnWriteArrayList<>();

  private ApiServerFixture() {
    KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
    Dispatcher recorder =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (!request.getMethod().equals("GET")) {
              byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
              reached.add(
                  new Reached(
                      request.getMethod(),
                      request.getPath(),
                      request.getHeader("Content-Type"),
                      new String(body, StandardCharsets.UTF_8)));
            }
            return store.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new ValidatingDispatcher(recorder, store),
            true);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    url = "https://127.0.0.1:" + server.getPort();
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(Config.empty())
                    .withMasterUrl(url)
                    .withTrustCerts(true)
                    .withHttp2Disable(true)
                    .build())
            .build();
    http = HttpClient.newBuilder().sslContext(trustAll()).build();
  }

  static ApiServerFixture start() {
    ApiServerFixture fixture = new ApiServerFixture();
    for (CustomResourceDefinition crd : MeshCrds.all()) {
      fixture.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    for (String ns : List.of("default", "istio-system", "istio-cni")) {
      fixture
          .client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    fixture.reached.clear();
    return fixture;
  }

  KubernetesClient client() {
    return client;
  }

  /** The requests that reached the store since the last call, oldest first; then forgets them. */
  List<Reached> reached() {
    List<Reached> out = List.copyOf(reached);
    reached.clear();
    return out;
  }

  /** An answer of the API server to a request sent as is. */
  record Answer(int code, String body, List<String> warnings) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  Answer send(String method, String path, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(), response.body(), response.headers().allValues("Warning"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer post(String path, String json) {
    return send("POST", path, "application/json", json);
  }

  Answer put(String path, String json) {
    return send("PUT", path, "application/json", json);
  }

  Answer mergePatch(String path, String json) {
    return send("PATCH", path, PatchApplier.MERGE, json);
  }

  Answer jsonPatch(String path, String json) {
    return send("PATCH", path, PatchApplier.JSON_PATCH, json);
  }

  JsonNode get(String path) {
    Answer answer = send("GET", path, null, null);
    return answer.code() == 200 ? answer.json() : null;
  }

  /** The generic resource as Fabric8 reads it back. */
  static GenericKubernetesResource generic(String json) {
    return Serialization.unmarshal(json, GenericKubernetesResource.class);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private static SSLContext trustAll() {
    TrustManager trustAll =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
