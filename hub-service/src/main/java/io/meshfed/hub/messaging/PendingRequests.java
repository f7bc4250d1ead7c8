package io.meshfed.hub.messaging;

import io.meshfed.hub.request.Decision;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * REST writes waiting for the request processor to decide their request, by request id. The
 * processor completes the entry once the outcome is on the log.
 */
@ApplicationScoped
public class PendingRequests {

  private final Map<String, CompletableFuture<Decision>> waiting = new ConcurrentHashMap<>();

  public CompletableFuture<Decision> register(String requestId) {
    return waiting.computeIfAbsent(requestId, id -> new CompletableFuture<>());
  }

  public void complete(String requestId, Decision decision) {
    CompletableFuture<Decision> f = waiting.remove(requestId);
    if (f != null) {
      f.complete(decision);
    }
  }

  public void fail(String requestId, Throwable cause) {
    CompletableFuture<Decision> f = waiting.remove(requestId);
    if (f != null) {
      f.completeExceptionally(cause);
    }
  }

  public void forget(String requestId) {
    waiting.remove(requestId);
  }
}
