package io.meshfed.hub;

import io.meshfed.hub.registry.MeshRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The hub's in-memory registry, a mirror of the log. Readers take the current snapshot without
 * locking; every writer (request processor, status intake, unreachable check) runs under one lock,
 * so that revisions and generations are computed and written one change at a time.
 */
@ApplicationScoped
public class HubState {

  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final CountDownLatch rebuilt = new CountDownLatch(1);
  private volatile MeshRegistry registry = MeshRegistry.empty(0);
  private volatile Map<Integer, Long> statusRebuiltUpTo = Map.of();

  public MeshRegistry current() {
    return registry;
  }

  /** Runs one change under the write lock. */
  public <T> T write(Supplier<T> change) {
    writeLock.lock();
    try {
      return change.get();
    } finally {
      writeLock.unlock();
    }
  }

  /** Replaces the registry; called under {@link #write} once the change is on the log. */
  public void replace(MeshRegistry next) {
    if (!writeLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("the registry changes only under the write lock");
    }
    this.registry = next;
  }

  /**
   * Installs the registry rebuilt from the log and opens the hub for writes.
   *
   * @param statusEndOffsets per partition of the status topic, the offset up to which the rebuild
   *     read it; the live status consumer skips what lies before
   */
  public void rebuilt(MeshRegistry next, Map<Integer, Long> statusEndOffsets) {
    write(
        () -> {
          this.registry = next;
          this.statusRebuiltUpTo = Map.copyOf(statusEndOffsets);
          return null;
        });
    rebuilt.countDown();
  }

  public boolean isReady() {
    return rebuilt.getCount() == 0;
  }

  /** Waits until the rebuild is done; false if it is not done within the timeout. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return rebuilt.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether a status record was already read by the rebuild. */
  public boolean statusAlreadyRead(int partition, long offset) {
    Long end = statusRebuiltUpTo.get(partition);
    return end != null && offset < end;
  }
}
