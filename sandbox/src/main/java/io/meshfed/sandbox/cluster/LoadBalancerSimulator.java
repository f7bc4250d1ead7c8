package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the load-balancer controller of a simulated cluster (MetalLB, a cloud): every
 * Service of {@code type: LoadBalancer} gets one {@code status.loadBalancer.ingress} entry, {@code
 * ip} or {@code hostname}, from the cluster's {@link AddressPool}, the first free address in pool
 * order. A Service keeps its address: one that already has an address when the simulator starts
 * keeps it, and one that is deleted and created again gets its old address back if it is still
 * free. A Service that stops being a LoadBalancer loses its address. When the pool is exhausted a
 * Service stays pending, as with MetalLB, until an address is freed.
 *
 * <p>The status is written with a JSON patch on the status subresource, which replaces the list
 * (the mock API server's merge patch would append to it).
 */
public final class LoadBalancerSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerSimulator.class);
  private static final String LOAD_BALANCER = "LoadBalancer";

  private final KubernetesClient client;
  private final String cluster;
  private final AddressPool pool;
  private final WorkQueue queue;
  private final KubernetesSerialization json = SharedSerialization.INSTANCE;
  // Touched only on the queue's thread.
  private final Map<String, String> assigned = new HashMap<>();
  private final Map<String, String> remembered = new HashMap<>();
  private SharedIndexInformer<Service> informer;
  private volatile Instant delayedUntil = Instant.EPOCH;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "load-balancer-delay");
            t.setDaemon(true);
            return t;
          });

  private LoadBalancerSimulator(KubernetesClient client, String cluster, AddressPool pool) {
    this.client = client;
    this.cluster = cluster;
    this.pool = pool;
    this.queue = new WorkQueue("load-balancer-" + cluster);
  }

  /** Starts watching the Services of every namespace of the cluster. */
  public static LoadBalancerSimulator start(
      KubernetesClient client, String clusterName, AddressPool pool) {
    LoadBalancerSimulator lb = new LoadBalancerSimulator(client, clusterName, pool);
    try {
      lb.watch();
    } catch (RuntimeException e) {
      lb.close();
      throw e;
    }
    return lb;
  }

  private void watch() {
    informer = client.services().inAnyNamespace().runnableInformer(0);
    informer.addEventHandler(queue.handler("Service", this::reconcile));
    var synced = informer.start().toCompletableFuture();
    // Before any event is handled: adopt the addresses Services already have.
    queue.call(
        () -> {
          synced.get(60, TimeUnit.SECONDS);
          informer.getStore().list().forEach(this::adopt);
          return null;
        });
  }

  /**
   * Gives a LoadBalancer Service a new address, as when a cloud replaces a load balancer. The
   * address need not be in the pool; it must not belong to another Service.
   *
   * @throws IllegalArgumentException when the Service is not a LoadBalancer or the address is taken
   */
  public void reassign(String namespace, String name, String address) {
    LoadBalancerIngress ingress = AddressPool.ingressOf(address);
    String key = namespace + "/" + name;
    queue.call(
        () -> {
          Service service =
              Optional.ofNullable(client.services().inNamespace(namespace).withName(name).get())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "no Service " + key + " on cluster " + cluster));
          if (!LOAD_BALANCER.equals(service.getSpec().getType())) {
            throw new IllegalArgumentException(
                "Service " + key + " on cluster " + cluster + " is not a LoadBalancer");
          }
          assigned.entrySet().stream()
              .filter(e -> e.getValue().equals(address) && !e.getKey().equals(key))
              .findFirst()
              .ifPresent(
                  e -> {
                    throw new IllegalArgumentException(
                        address
                            + " already belongs to Service "
                            + e.getKey()
                            + " on cluster "
                            + cluster);
                  });
          writeIngress(service, List.of(ingress));
          assigned.put(key, address);
          remembered.put(key, address);
          LOG.info(
              "Load balancer (simulated) on cluster {}: {} moves to {}", cluster, key, address);
          return null;
        });
  }

  /**
   * Holds back every address not given yet for a while, as a slow cloud load balancer does;
   * Services stay pending until then.
   */
  public void delay(Duration duration) {
    delayedUntil = Instant.now().plus(duration);
  }

  /** The address a Service holds now, if any (as this simulator sees it). */
  public Optional<String> addressOf(String namespace, String name) {
    return Optional.ofNullable(queue.call(() -> assigned.get(namespace + "/" + name)));
  }

  /** The namespace and name of the Service that holds an address now, if any. */
  public Optional<String[]> ownerOf(String address) {
    return Optional.ofNullable(
        queue.call(
            () ->
                assigned.entrySet().stream()
                    .filter(e -> e.getValue().equalsIgnoreCase(address))
                    .map(e -> e.getKey().split("/", 2))
                    .findFirst()
                    .orElse(null)));
  }

  private void adopt(Service service) {
    String key = Cache.metaNamespaceKeyFunc(service);
    currentAddress(service)
        .filter(a -> LOAD_BALANCER.equals(service.getSpec().getType()))
        .ifPresent(
            a -> {
              assigned.put(key, a);
              remembered.put(key, a);
            });
  }

  private void reconcile(String key) {
    Service service = informer.getStore().getByKey(key);
    if (service == null) {
      release(key, "is gone");
      return;
    }
    Optional<String> current = currentAddress(service);
    if (!LOAD_BALANCER.equals(service.getSpec().getType())) {
      if (current.isPresent()) {
        writeIngress(service, List.of());
      }
      release(key, "is no LoadBalancer");
      return;
    }
    if (current.isPresent()) {
      // Ours, or set by someone else (e.g. by hand): the Service holds what its status says.
      assigned.put(key, current.get());
      remembered.put(key, current.get());
      return;
    }
    Instant now = Instant.now();
    if (now.isBefore(delayedUntil)) {
      // a slow cloud: the address comes when the delay a test laid is over
      scheduler.schedule(
          () -> queue.enqueue("Service", key, this::reconcile),
          Duration.between(now, delayedUntil).toMillis() + 10,
          TimeUnit.MILLISECONDS);
      return;
    }
    Optional<String> address = nextAddress(key);
    if (address.isEmpty()) {
      LOG.warn(
          "Load balancer (simulated) on cluster {}: no free address in the pool for {};"
              + " it stays pending",
          cluster,
          key);
      return;
    }
    writeIngress(service, List.of(AddressPool.ingressOf(address.get())));
    assigned.put(key, address.get());
    remembered.put(key, address.get());
    LOG.info("Load balancer (simulated) on cluster {}: {} gets {}", cluster, key, address.get());
  }

  private void release(String key, String why) {
    String released = assigned.remove(key);
    if (released == null) {
      return;
    }
    LOG.info(
        "Load balancer (simulated) on cluster {}: {} {}, {} is free", cluster, key, why, released);
    // Like MetalLB: LoadBalancer Services still without an address try again.
    for (Service s : informer.getStore().list()) {
      String other = Cache.metaNamespaceKeyFunc(s);
      if (LOAD_BALANCER.equals(s.getSpec().getType()) && !assigned.containsKey(other)) {
        queue.enqueue("Service", other, this::reconcile);
      }
    }
  }

  private Optional<String> nextAddress(String key) {
    String previous = remembered.get(key);
    if (previous != null
        && pool.addresses().contains(previous)
        && !assigned.containsValue(previous)) {
      return Optional.of(previous);
    }
    return pool.addresses().stream().filter(a -> !assigned.containsValue(a)).findFirst();
  }

  private static Optional<String> currentAddress(Service service) {
    return Optional.ofNullable(service.getStatus())
        .map(ServiceStatus::getLoadBalancer)
        .map(LoadBalancerStatus::getIngress)
        .flatMap(
            list -> list.stream().map(AddressPool::addressOf).filter(a -> a != null).findFirst());
  }

  private void writeIngress(Service service, List<LoadBalancerIngress> ingress) {
    // A copy: the informer's cached object stays untouched.
    ServiceStatus status =
        new ServiceStatusBuilder(
                service.getStatus() == null ? new ServiceStatus() : service.getStatus())
            .withLoadBalancer(new LoadBalancerStatus(ingress))
            .build();
    String patch = json.asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
    try {
      client
          .services()
          .inNamespace(service.getMetadata().getNamespace())
          .withName(service.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** Stops watching. Safe to call twice. */
  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    scheduler.shutdownNow();
    queue.close();
  }
}
