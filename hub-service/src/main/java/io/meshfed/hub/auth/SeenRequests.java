package io.meshfed.hub.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The ids of the requests taken in within a window, so that a signed request is taken in once: a
 * copy sent again within its time window is refused. Older ids are forgotten, as the request's time
 * window refuses them anyway. Not thread-safe: the request processor is one thread.
 */
final class SeenRequests {

  private record Seen(String id, Instant at) {}

  private final Duration window;
  private final Deque<Seen> order = new ArrayDeque<>();
  private final Set<String> ids = new HashSet<>();

  SeenRequests(Duration window) {
    this.window = window;
  }

  /** Remembers a request taken in at {@code at} (read back from the log at start). */
  void remember(String id, Instant at) {
    if (ids.add(id)) {
      order.addLast(new Seen(id, at));
    }
  }

  /** Whether {@code id} is new within the window; remembers it. */
  boolean firstTime(String id, Instant now) {
    while (!order.isEmpty() && order.peekFirst().at().isBefore(now.minus(window))) {
      ids.remove(order.pollFirst().id());
    }
    if (!ids.add(id)) {
      return false;
    }
    order.addLast(new Seen(id, now));
    return true;
  }
}
