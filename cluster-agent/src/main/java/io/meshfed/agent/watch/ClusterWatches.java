package io.meshfed.agent.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.agent.model.MeshfedLabels;
import io.meshfed.agent.resource.CachedObjects;
import io.meshfed.agent.resource.ForeignObject;
import io.meshfed.agent.resource.ManagedKind;
import io.meshfed.agent.resource.MeshfedOwnership;
import io.meshfed.agent.resource.ObjectRef;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Read-only watches of one cluster: every kind meshfed writes (selected by this cluster's labels,
 * equality selectors only), Istio's injector webhook and reader account (by name), and the nodes
 * (for their localities). Any change to an owned object (deleted, edited, its Sail status or
 * LoadBalancer address set) wakes the cluster's reconcile loop at once, which repairs drift and
 * publishes a changed status.
 *
 * <p>They run only while the cluster needs them: its reconcile loop starts them when the cluster
 * has a desired membership and stops them when it leaves, so a served cluster that is not in a mesh
 * costs no watch connection.
 */
public final class ClusterWatches {

  private static final Logger LOG = Logger.getLogger(ClusterWatches.class);

  private final KubernetesClient client;
  private final NodeLocalities localities;
  private final String cluster;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile Map<ManagedKind, SharedIndexInformer<GenericKubernetesResource>> owned =
      Map.of();
  private volatile Map<ForeignObject, SharedIndexInformer<GenericKubernetesResource>> foreign =
      Map.of();
  private volatile Consumer<String> wake;
  private volatile boolean stopping;

  public ClusterWatches(String cluster, KubernetesClient client, NodeLocalities localities) {
    this.client = client;
    this.localities = localities;
    this.cluster = cluster;
  }

  /**
   * Starts the watches unless they run already.
   *
   * @param wake called with the reason on every change worth a reconcile
   */
  public synchronized void start(Consumer<String> wake) {
    if (!informers.isEmpty()) {
      return;
    }
    this.wake = wake;
    stopping = false;
    Map<ManagedKind, SharedIndexInformer<GenericKubernetesResource>> byKind =
        new EnumMap<>(ManagedKind.class);
    for (ManagedKind kind : ManagedKind.values()) {
      var all = client.genericKubernetesResources(kind.context());
      FilterWatchListDeletable<GenericKubernetesResource, ?, ?> selected =
          (kind.namespaced() ? all.inNamespace(IstioNames.ISTIO_SYSTEM) : all)
              .withLabel(MeshfedLabels.CLUSTER, cluster);
      if (kind != ManagedKind.NAMESPACE) {
        // namespaces are watched by the cluster label alone: meshfed may share one it did not
        // create
        selected = selected.withLabel(MeshfedLabels.MANAGED_BY, MeshfedLabels.MANAGED_BY_VALUE);
      }
      SharedIndexInformer<GenericKubernetesResource> informer = selected.runnableInformer(0);
      byKind.put(kind, informer);
      start(kind.kind(), informer, new OwnedObjectHandler(kind.kind()));
    }
    owned = Map.copyOf(byKind);
    // What others make that the reconcile waits for: Istio's injector webhook (its caBundle lets
    // the gateway's pods be made) and the reader account Istio's chart makes (its tokens are the
    // credentials peers get)
    Map<ForeignObject, SharedIndexInformer<GenericKubernetesResource>> byName = new HashMap<>();
    for (ForeignObject object :
        List.of(ForeignObject.INJECTOR_WEBHOOK, ForeignObject.READER_ACCOUNT)) {
      var all = client.genericKubernetesResources(object.kind().context());
      SharedIndexInformer<GenericKubernetesResource> informer =
          (object.namespace() == null ? all : all.inNamespace(object.namespace()))
              .withField("metadata.name", object.name())
              .runnableInformer(0);
      byName.put(object, informer);
      start(object.kind().kind(), informer, new OwnedObjectHandler(object.toString()));
    }
    foreign = Map.copyOf(byName);
    SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
    start("Node", nodes, new NodeHandler(nodes));
    LOG.debugf("cluster=%s: watching %d kinds and the nodes", cluster, informers.size() - 1);
  }

  /** Stops the watches, if they run. */
  public synchronized void stop() {
    if (informers.isEmpty()) {
      return;
    }
    stopping = true;
    owned = Map.of();
    foreign = Map.of();
    informers.forEach(SharedIndexInformer::stop);
    informers.clear();
    LOG.debugf("cluster=%s: watches stopped", cluster);
  }

  /**
   * The copies of meshfed's objects the watches hold: for each kind whose watch has listed
   * everything and is connected. Empty while the watches do not run.
   */
  public CachedObjects cache() {
    return new WatchedObjects(owned, foreign);
  }

  private <T> void start(String what, SharedIndexInformer<T> informer, ResourceEventHandler<T> h) {
    informer.addEventHandler(h);
    informer.exceptionHandler(
        (started, t) -> {
          LOG.debugf("cluster=%s: watch of %s failed, retrying: %s", cluster, what, t.getMessage());
          return true;
        });
    informers.add(informer);
    informer
        .start()
        .whenComplete(
            (ok, failure) -> {
              if (failure != null && !stopping) {
                LOG.warnf(
                    "cluster=%s: cannot watch %s yet: %s", cluster, what, failure.getMessage());
              }
            });
  }

  /** The informers' stores as a {@link CachedObjects}. */
  private record WatchedObjects(
      Map<ManagedKind, SharedIndexInformer<GenericKubernetesResource>> informers,
      Map<ForeignObject, SharedIndexInformer<GenericKubernetesResource>> foreign)
      implements CachedObjects {

    @Override
    public Optional<Optional<GenericKubernetesResource>> foreign(ForeignObject object) {
      SharedIndexInformer<GenericKubernetesResource> informer = foreign.get(object);
      if (informer == null || !informer.hasSynced() || !informer.isWatching()) {
        return Optional.empty();
      }
      return Optional.of(
          Optional.ofNullable(
              informer
                  .getStore()
                  .getByKey(Cache.namespaceKeyFunc(object.namespace(), object.name()))));
    }

    @Override
    public boolean holdsAll(ManagedKind kind) {
      SharedIndexInformer<GenericKubernetesResource> informer = informers.get(kind);
      return informer != null && informer.hasSynced() && informer.isWatching();
    }

    @Override
    public boolean holds(ObjectRef ref) {
      return holdsAll(ref.kind())
          && (!ref.kind().namespaced() || IstioNames.ISTIO_SYSTEM.equals(ref.namespace()));
    }

    @Override
    public Optional<GenericKubernetesResource> get(ObjectRef ref) {
      return Optional.ofNullable(
          informers
              .get(ref.kind())
              .getStore()
              .getByKey(Cache.namespaceKeyFunc(ref.namespace(), ref.name())));
    }

    @Override
    public List<ObjectRef> owned(ManagedKind kind) {
      String namespace = kind.namespaced() ? IstioNames.ISTIO_SYSTEM : null;
      return informers.get(kind).getStore().list().stream()
          .filter(MeshfedOwnership::isManaged)
          .map(o -> new ObjectRef(kind, namespace, o.getMetadata().getName()))
          .toList();
    }
  }

  /** Wakes the loop on every real change of an owned object. */
  private final class OwnedObjectHandler
      implements ResourceEventHandler<GenericKubernetesResource> {
    private final String kind;

    OwnedObjectHandler(String kind) {
      this.kind = kind;
    }

    @Override
    public void onAdd(GenericKubernetesResource obj) {
      wake.accept("watch: " + kind + " " + name(obj) + " added");
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      if (!Objects.equals(
          before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
        wake.accept("watch: " + kind + " " + name(after) + " changed");
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
      wake.accept("watch: " + kind + " " + name(obj) + " deleted");
    }
  }

  /** Keeps the localities current; wakes the loop when they change. */
  private final class NodeHandler implements ResourceEventHandler<Node> {
    private final SharedIndexInformer<Node> informer;

    NodeHandler(SharedIndexInformer<Node> informer) {
      this.informer = informer;
    }

    private void refresh() {
      if (localities.update(informer.getStore().list())) {
        wake.accept("node localities changed");
      }
    }

    @Override
    public void onAdd(Node obj) {
      refresh();
    }

    @Override
    public void onUpdate(Node before, Node after) {
      if (!Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())) {
        refresh();
      }
    }

    @Override
    public void onDelete(Node obj, boolean deletedFinalStateUnknown) {
      refresh();
    }
  }

  private static String name(HasMetadata obj) {
    return obj.getMetadata().getName();
  }
}
