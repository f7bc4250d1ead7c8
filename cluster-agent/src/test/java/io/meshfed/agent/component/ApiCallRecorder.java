package io.meshfed.agent.component;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Records every API call the agent made to the mock API server (method, group/resource, namespace,
 * name), leaving out the calls of the test's own client (told apart by its user agent), and writes
 * the union to {@code target/api-calls.txt} for the RBAC rules of the Helm chart to be checked
 * against.
 */
public final class ApiCallRecorder {

  /** The user agent of the tests' own client. */
  public static final String TEST_USER_AGENT = "meshfed-component-test";

  private static final Path OUTPUT = Path.of("target", "api-calls.txt");
  private static final Set<String> CALLS = new TreeSet<>();

  private ApiCallRecorder() {}

  /**
   * A call of the agent: verb, group/resource, namespace ({@code *} if cluster-scoped) and the name
   * RBAC authorizes it by ({@code -} for none): the object's for a call on one object, the {@code
   * metadata.name} field selector's for a list or watch of one object by name, as the API server's
   * request info resolves it ({@code staging/src/k8s.io/apiserver/pkg/endpoints/request/
   * requestinfo.go}).
   */
  public record Call(String method, String verb, String resource, String namespace, String name) {
    boolean writes() {
      return !method.equals("GET");
    }

    /** The line written to {@code api-calls.txt}: with the name. */
    String line() {
      return verb + " " + resource + " " + namespace + " " + name;
    }

    @Override
    public String toString() {
      return verb + " " + resource + " " + namespace;
    }
  }

  /** A client of the mock API server whose calls are not recorded as the agent's. */
  public static KubernetesClient testClient(KubernetesServer server) {
    return testClient(server.getClient().getConfiguration());
  }

  /** A client with this configuration whose calls are not recorded as the agent's. */
  public static KubernetesClient testClient(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(config).withUserAgent(TEST_USER_AGENT).build())
        .build();
  }

  /** Takes the requests the server recorded since the last call. */
  public static List<Call> drain(KubernetesServer server) {
    return drain(server.getKubernetesMockServer());
  }

  /** Takes the requests the server recorded since the last call. */
  public static List<Call> drain(KubernetesMockServer server) {
    List<Call> calls = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        if (TEST_USER_AGENT.equals(request.getHeader("User-Agent"))) {
          continue;
        }
        Call call = parse(request.getMethod(), request.getPath());
        if (call != null) {
          calls.add(call);
          CALLS.add(call.line());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return calls;
  }

  /** Writes every call seen so far, merged with what earlier test classes wrote. */
  public static void write() {
    try {
      Set<String> all = new TreeSet<>(CALLS);
      if (Files.exists(OUTPUT)) {
        Files.readAllLines(OUTPUT).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .forEach(all::add);
      }
      List<String> lines = new ArrayList<>();
      lines.add(
          "# API calls made by the cluster agent in its component tests: verb group/resource"
              + " namespace ('*' = cluster-scoped) name ('-' = none)");
      lines.addAll(all);
      Files.createDirectories(OUTPUT.getParent());
      Files.write(OUTPUT, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Call parse(String method, String rawPath) {
    String[] pathAndQuery = rawPath.split("\\?", 2);
    boolean watch = pathAndQuery.length > 1 && pathAndQuery[1].contains("watch=true");
    List<String> segments = new ArrayList<>();
    for (String s : pathAndQuery[0].split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    String group;
    int rest;
    if (segments.size() >= 2 && segments.get(0).equals("api")) {
      group = "core";
      rest = 2;
    } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      rest = 3;
    } else {
      return null;
    }
    List<String> r = segments.subList(rest, segments.size());
    if (r.isEmpty()) {
      return null;
    }
    String namespace = "*";
    if (r.size() >= 3 && r.get(0).equals("namespaces")) {
      namespace = r.get(1);
      r = r.subList(2, r.size());
    }
    String resource = r.get(0) + (r.size() >= 3 ? "/" + r.get(2) : "");
    boolean named = r.size() >= 2;
    String name = named ? r.get(1) : nameSelected(pathAndQuery.length > 1 ? pathAndQuery[1] : "");
    String verb =
        switch (method) {
          case "GET" -> watch ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return new Call(method, verb, group + "/" + resource, namespace, name);
  }

  /** The name a {@code fieldSelector=metadata.name=<name>} (and nothing else) selects, else "-". */
  private static String nameSelected(String query) {
    for (String parameter : query.split("&")) {
      String[] kv = parameter.split("=", 2);
      if (kv.length == 2 && kv[0].equals("fieldSelector")) {
        String selector =
            java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8);
        if (selector.startsWith("metadata.name=") && !selector.contains(",")) {
          return selector.substring("metadata.name=".length());
        }
      }
    }
    return "-";
  }
}
