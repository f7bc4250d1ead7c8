package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the Sail operator of a simulated cluster: whenever an {@code Istio} or {@code
 * IstioCNI} exists, or its spec changes (a new generation), it reports the control plane healthy
 * through the status subresource ({@link HealthyStatus}). It never creates or edits anything else:
 * no istiod, no DaemonSet, no webhooks.
 */
public final class SailOperatorSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SailOperatorSimulator.class);

  private final KubernetesClient client;
  private final String cluster;
  private final Clock clock;
  private final WorkQueue queue;
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
  private final KubernetesSerialization json = new KubernetesSerialization();

  private SailOperatorSimulator(KubernetesClient client, String cluster, Clock clock) {
    this.client = client;
    this.cluster = cluster;
    this.clock = clock;
    this.queue = new WorkQueue("sail-operator-" + cluster);
  }

  /** Starts watching {@code Istio} and {@code IstioCNI} resources of the cluster. */
  public static SailOperatorSimulator start(KubernetesClient client, String clusterName) {
    SailOperatorSimulator sail = new SailOperatorSimulator(client, clusterName, Clock.systemUTC());
    try {
      sail.watch(MeshCrds.ISTIO);
      sail.watch(MeshCrds.ISTIO_CNI);
    } catch (RuntimeException e) {
      sail.close();
      throw e;
    }
    return sail;
  }

  private void watch(ResourceDefinitionContext kind) {
    SharedIndexInformer<GenericKubernetesResource> informer =
        client.genericKubernetesResources(kind).runnableInformer(0);
    informer.addEventHandler(queue.handler(kind.getKind(), key -> reconcile(kind, informer, key)));
    informers.add(informer);
    informer.run();
  }

  private void reconcile(
      ResourceDefinitionContext kind,
      SharedIndexInformer<GenericKubernetesResource> informer,
      String key) {
    GenericKubernetesResource resource = informer.getStore().getByKey(key);
    if (resource == null || HealthyStatus.isCurrent(resource)) {
      return;
    }
    boolean istio = kind == MeshCrds.ISTIO;
    Map<String, Object> status = HealthyStatus.of(resource, istio, clock.instant());
    String patch = json.asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
    String name = resource.getMetadata().getName();
    try {
      client
          .genericKubernetesResources(kind)
          .withName(name)
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON), patch);
      LOG.info(
          "Sail operator (simulated) on cluster {}: {} {} is Healthy (generation {})",
          cluster,
          kind.getKind(),
          name,
          status.get("observedGeneration"));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** Stops watching. Safe to call twice. */
  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    queue.close();
  }
}
