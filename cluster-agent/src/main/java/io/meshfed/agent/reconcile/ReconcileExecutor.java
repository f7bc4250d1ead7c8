package io.meshfed.agent.reconcile;

import io.meshfed.agent.config.AgentConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The threads every served cluster's reconciles run on, and their timers (retries, resyncs): a
 * small fixed pool ({@code meshfed.agent.reconcile-threads}) shared by all clusters, so that the
 * number of threads does not grow with the number of clusters. Each {@link ReconcileLoop} keeps its
 * own cluster's reconciles one at a time.
 */
@ApplicationScoped
public class ReconcileExecutor {

  private static final Logger LOG = Logger.getLogger(ReconcileExecutor.class);

  private final ScheduledThreadPoolExecutor pool;

  public ReconcileExecutor(AgentConfig config) {
    int threads = Math.max(1, config.reconcileThreads());
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "meshfed-reconcile-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool = new ScheduledThreadPoolExecutor(threads, factory);
    this.pool.setRemoveOnCancelPolicy(true);
    this.pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Runs a task as soon as a thread is free.
   *
   * @throws RejectedExecutionException once the agent is stopping
   */
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /**
   * Runs a task once after a delay.
   *
   * @throws RejectedExecutionException once the agent is stopping
   */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return pool.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs a task every {@code period}, the first time after {@code initialDelay}.
   *
   * @throws RejectedExecutionException once the agent is stopping
   */
  public ScheduledFuture<?> every(Duration period, Duration initialDelay, Runnable task) {
    return pool.scheduleAtFixedRate(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            // a periodic task that throws would never run again
            LOG.warnf(e, "a periodic task failed: %s", e.getMessage());
          }
        },
        initialDelay.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
