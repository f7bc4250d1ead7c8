package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller pattern in miniature: informer events enqueue the object's key, one thread
 * reconciles keys one at a time (a key already waiting is not queued twice), so a simulator never
 * races with itself.
 */
final class WorkQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

  private final ExecutorService thread;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final String name;

  WorkQueue(String name) {
    this.name = name;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * An informer handler that enqueues {@code namespace/name} keys for {@code reconcile}.
   *
   * @param kind tells apart objects of different kinds with the same key
   */
  <T extends HasMetadata> ResourceEventHandler<T> handler(String kind, Consumer<String> reconcile) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        enqueue(kind, Cache.metaNamespaceKeyFunc(obj), reconcile);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        enqueue(kind, Cache.metaNamespaceKeyFunc(newObj), reconcile);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        enqueue(kind, Cache.metaNamespaceKeyFunc(obj), reconcile);
      }
    };
  }

  /** Queues {@code reconcile(key)} unless the same kind and key is already waiting. */
  void enqueue(String kind, String key, Consumer<String> reconcile) {
    String id = kind + ":" + key;
    if (!pending.add(id)) {
      return;
    }
    thread.execute(
        () -> {
          pending.remove(id);
          try {
            reconcile.accept(key);
          } catch (RuntimeException e) {
            LOG.warn("{}: reconciling {} failed: {}", name, key, e.getMessage(), e);
          }
        });
  }

  /** Runs a task on the queue's thread, after what is already queued, and returns its result. */
  <V> V call(Callable<V> task) {
    Future<V> result = thread.submit(task);
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + ": interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(name + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("{}: the worker thread did not stop within 10 s", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
