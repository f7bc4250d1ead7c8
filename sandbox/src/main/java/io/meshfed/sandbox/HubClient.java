package io.meshfed.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** The hub's public REST API, called exactly as a platform team would call it. */
public final class HubClient {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI base;
  private final Supplier<String> token;

  /**
   * @param base the hub's base URL
   * @param token a bearer token for each call (with the {@code mesh-admin} role)
   */
  public HubClient(URI base, Supplier<String> token) {
    this.base = base;
    this.token = token;
  }

  public URI base() {
    return base;
  }

  /**
   * {@code PUT /api/v1/meshes/{mesh}}; returns the accepted answer, throws on a 4xx/5xx. The mesh
   * pins each member's status-signing key at its first report (trust on first use): the sandbox
   * starts the agents itself, so their first reports are theirs.
   */
  public JsonNode declareMesh(String mesh, String istioVersion) throws IOException {
    ObjectNode body =
        json.createObjectNode()
            .put("istioVersion", istioVersion)
            .put("pinSigningKeysAtFirstContact", true);
    return send("PUT", "/api/v1/meshes/" + mesh, body);
  }

  /** {@code PUT /api/v1/meshes/{mesh}/clusters/{cluster}} with the body of {@link #clusterBody}. */
  public JsonNode joinCluster(String mesh, Topology.ClusterSpec c) throws IOException {
    return putCluster(mesh, c.name(), clusterBody(c));
  }

  /**
   * The body that joins a topology's cluster: role, network, controlPlaneCluster, apiServerUrl,
   * apiServerTlsServerName.
   */
  public ObjectNode clusterBody(Topology.ClusterSpec c) {
    ObjectNode body = json.createObjectNode().put("role", c.role());
    if (c.network() != null) {
      body.put("network", c.network());
    }
    if (c.controlPlaneCluster() != null) {
      body.put("controlPlaneCluster", c.controlPlaneCluster());
    }
    if (c.apiServerUrl() != null) {
      body.put("apiServerUrl", c.apiServerUrl());
    }
    if (c.apiServerTlsServerName() != null) {
      body.put("apiServerTlsServerName", c.apiServerTlsServerName());
    }
    if (c.loadBalancerPool() != null && !c.loadBalancerPool().isEmpty()) {
      // As a platform team declares it: the addresses its load balancer hands out, and no other.
      c.loadBalancerPool().forEach(body.putArray("gatewayAddressPool")::add);
    }
    return body;
  }

  /**
   * {@code PUT /api/v1/meshes/{mesh}/clusters/{cluster}} with a body of the caller's making (e.g.
   * with a {@code gatewayPlacement}).
   */
  public JsonNode putCluster(String mesh, String cluster, JsonNode body) throws IOException {
    return send("PUT", "/api/v1/meshes/" + mesh + "/clusters/" + cluster, body);
  }

  /** {@code DELETE /api/v1/meshes/{mesh}/clusters/{cluster}}. */
  public JsonNode leave(String mesh, String cluster) throws IOException {
    return send("DELETE", "/api/v1/meshes/" + mesh + "/clusters/" + cluster, null);
  }

  /** {@code GET /api/v1/meshes/{mesh}}. */
  public JsonNode mesh(String mesh) throws IOException {
    return send("GET", "/api/v1/meshes/" + mesh, null);
  }

  private JsonNode send(String method, String path, JsonNode body) throws IOException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token.get());
    if (body != null) {
      req.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    } else {
      req.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r;
    try {
      r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + method + " " + path, e);
    }
    if (r.statusCode() >= 400) {
      throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body() == null || r.body().isBlank()
        ? json.createObjectNode()
        : json.readTree(r.body());
  }
}
