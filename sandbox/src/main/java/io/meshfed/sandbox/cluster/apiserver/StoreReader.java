package io.meshfed.sandbox.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the simulated API server's own store from inside the server (as the API server reads etcd),
 * for the authenticator and the authorizer, and counts the writes that can change what they decide,
 * so that they may cache their answers until the next such write.
 */
public final class StoreReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesCrudDispatcher store;
  private final AtomicLong securityGeneration = new AtomicLong();

  public StoreReader(KubernetesCrudDispatcher store) {
    this.store = store;
  }

  /** One object, if it exists. */
  public Optional<JsonNode> get(String path) {
    MockResponse response = store.handleGet(path);
    if (response.code() != 200) {
      return Optional.empty();
    }
    return Optional.of(parse(response));
  }

  /** The items of a collection (empty when none). */
  public List<JsonNode> list(String path) {
    List<JsonNode> items = new ArrayList<>();
    get(path).map(l -> l.path("items")).ifPresent(i -> i.forEach(items::add));
    return items;
  }

  /** Called after every write to Secrets, ServiceAccounts and RBAC objects. */
  void securityChanged() {
    securityGeneration.incrementAndGet();
  }

  /** Changes whenever a write may have changed who a token is or what it may do. */
  long securityGeneration() {
    return securityGeneration.get();
  }

  private static JsonNode parse(MockResponse response) {
    try {
      return JSON.readTree(response.getBody().readUtf8());
    } catch (IOException e) {
      throw new UncheckedIOException("the mock store answered what is not JSON", e);
    }
  }
}
