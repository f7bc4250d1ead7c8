package io.meshfed.sandbox.cluster.apiserver;

import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One thread that sends the watch events of one simulated API server, in the order they happened.
 *
 * <p>The fabric8 mock server gives every open watch a thread of its own ({@code
 * WatchEventsListener}'s single-thread executor) and, when the client closes the watch, waits on
 * the server's Vert.x event loop for that thread to end. A mesh of 100 primaries holds about 2,400
 * watches (the agents' informers and the cluster controllers'), so the JVM ran thousands of idle
 * threads and event loops stalled for seconds on every watch close, which left clients' closed
 * connections unanswered until the process ran out of file descriptors. A real API server sends
 * watch events from a bounded set of goroutines and never blocks its accept loop on a watch's end.
 *
 * <p>{@link #adopt} hands a new watch this server's thread in place of its own: events of every
 * watch keep their order (one queue), and closing a watch returns at once. What the watch sends and
 * when is unchanged.
 */
final class WatchSends implements AutoCloseable {

  private static final String WATCH_LISTENER =
      "io.fabric8.kubernetes.client.server.mock.WatchEventsListener";
  private static final Field EXECUTOR = executorField();

  private final ScheduledExecutorService thread;

  WatchSends(String cluster) {
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "watch-events-" + cluster);
              t.setDaemon(true);
              return t;
            });
  }

  /** If {@code response} opens a watch, makes its events go through this server's thread. */
  void adopt(MockResponse response) {
    Object watch = response.getWebSocketListener();
    if (watch != null && watch.getClass() == EXECUTOR.getDeclaringClass()) {
      try {
        EXECUTOR.set(watch, new SharedThread(thread));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot share the watch event thread", e);
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  private static Field executorField() {
    try {
      Field f = Class.forName(WATCH_LISTENER).getDeclaredField("executor");
      f.setAccessible(true);
      if (!ScheduledExecutorService.class.isAssignableFrom(f.getType())) {
        throw new IllegalStateException("WatchEventsListener.executor is a " + f.getType());
      }
      return f;
    } catch (ClassNotFoundException | NoSuchFieldException e) {
      throw new IllegalStateException(
          "this fabric8 mock server has no WatchEventsListener.executor; review WatchSends", e);
    }
  }

  /**
   * A watch's view of the shared thread: it schedules there; shutting the view down only stops this
   * watch from scheduling more, and never waits.
   */
  private static final class SharedThread extends AbstractExecutorService
      implements ScheduledExecutorService {

    private final ScheduledExecutorService thread;
    private volatile boolean shutdown;

    SharedThread(ScheduledExecutorService thread) {
      this.thread = thread;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return thread.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      return thread.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        Runnable command, long initialDelay, long period, TimeUnit unit) {
      throw new UnsupportedOperationException("a watch schedules single sends");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable command, long initialDelay, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException("a watch schedules single sends");
    }

    @Override
    public void execute(Runnable command) {
      thread.execute(command);
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
