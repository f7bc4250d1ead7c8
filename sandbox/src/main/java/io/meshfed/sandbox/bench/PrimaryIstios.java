package io.meshfed.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.meshfed.sandbox.cluster.MeshCrds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Watches the {@code Istio default} of every primary and tells when all of them carry a gateway
 * address in {@code values.global.meshNetworks}, and since when (the moment the last primary's CR
 * changed to carry it, as the watch delivered it).
 */
final class PrimaryIstios implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, JsonNode> meshNetworks = new HashMap<>();
  private final Map<String, Long> changedAt = new HashMap<>();
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();

  PrimaryIstios(Map<String, KubernetesClient> primaries) {
    primaries.forEach(
        (name, client) ->
            informers.add(
                client
                    .genericKubernetesResources(MeshCrds.ISTIO)
                    .withName("default")
                    .inform(handler(name), 0)));
  }

  /**
   * Waits until the gateways of {@code network} are exactly {@code address} on every primary.
   *
   * @return {@link System#nanoTime()} of the change that made the last primary carry it
   */
  synchronized long awaitGateway(String network, String address, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long last = 0;
      boolean all = !meshNetworks.isEmpty();
      for (Map.Entry<String, JsonNode> e : meshNetworks.entrySet()) {
        JsonNode gateways = e.getValue().path(network).path("gateways");
        if (gateways.size() == 1 && address.equals(gateways.path(0).path("address").asText())) {
          last = Math.max(last, changedAt.get(e.getKey()));
        } else {
          all = false;
        }
      }
      if (all && meshNetworks.size() == informers.size()) {
        return last;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(
            "not every primary carries " + address + " for " + network + " after " + timeout);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  private ResourceEventHandler<GenericKubernetesResource> handler(String primary) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource istio) {
        seen(primary, istio);
      }

      @Override
      public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource istio) {
        seen(primary, istio);
      }

      @Override
      public void onDelete(GenericKubernetesResource istio, boolean unknownFinalState) {
        gone(primary);
      }
    };
  }

  private synchronized void seen(String primary, GenericKubernetesResource istio) {
    long now = System.nanoTime();
    JsonNode networks =
        JSON.valueToTree(istio.getAdditionalProperties())
            .path("spec")
            .path("values")
            .path("global")
            .path("meshNetworks");
    if (!networks.equals(meshNetworks.get(primary))) {
      meshNetworks.put(primary, networks);
      changedAt.put(primary, now);
      notifyAll();
    }
  }

  private synchronized void gone(String primary) {
    meshNetworks.remove(primary);
    changedAt.remove(primary);
    notifyAll();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
