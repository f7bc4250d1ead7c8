package io.meshfed.sandbox.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes kubeconfig files for simulated clusters: one cluster, context and user per entry, each
 * named after the cluster; the first entry is the current context. The cluster entry carries the
 * cluster CA (clients verify the server's certificate against it) and the user the cluster's
 * administrator token.
 */
final class Kubeconfig {

  /**
   * A cluster in a kubeconfig.
   *
   * @param server the API server URL
   * @param caPem the cluster CA certificate, PEM
   * @param token the administrator's bearer token
   */
  record Entry(String cluster, String server, String caPem, String token) {}

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private Kubeconfig() {}

  static Path write(Path file, List<Entry> entries) throws IOException {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a kubeconfig needs at least one cluster");
    }
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path temp =
        Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
    YAML.writeValue(temp.toFile(), document(entries));
    return Files.move(
        temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static Map<String, Object> document(List<Entry> entries) {
    List<Object> clusters = new ArrayList<>();
    List<Object> contexts = new ArrayList<>();
    List<Object> users = new ArrayList<>();
    for (Entry e : entries) {
      String user = e.cluster() + "-admin";
      clusters.add(
          ordered(
              "name",
              e.cluster(),
              "cluster",
              ordered(
                  "certificate-authority-data",
                  Base64.getEncoder().encodeToString(e.caPem().getBytes(StandardCharsets.US_ASCII)),
                  "server",
                  e.server())));
      contexts.add(
          ordered(
              "name",
              e.cluster(),
              "context",
              ordered("cluster", e.cluster(), "user", user, "namespace", "default")));
      users.add(ordered("name", user, "user", ordered("token", e.token())));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "v1");
    doc.put("kind", "Config");
    doc.put("clusters", clusters);
    doc.put("contexts", contexts);
    doc.put("users", users);
    doc.put("current-context", entries.get(0).cluster());
    doc.put("preferences", Map.of());
    return doc;
  }

  private static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
