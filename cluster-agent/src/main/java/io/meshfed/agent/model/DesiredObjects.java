package io.meshfed.agent.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Every Kubernetes object one member cluster should hold, in install order.
 *
 * @param controlPlane namespaces, {@code cacerts}, {@code IstioCNI}, {@code Istio} and remote
 *     secrets: applied at once
 * @param credentials the reader service account and token Secrets this cluster shares with its
 *     peers: applied once the Sail operator reports {@code Istio} Ready (its installation makes the
 *     account)
 * @param gateways the east-west gateway, {@code cross-network-gateway} and expose-istiod: applied
 *     once the Sail operator reports {@code Istio} Ready (their pods need istiod's injector and
 *     their kinds Istio's CRDs)
 * @param retained objects that are not written now but must not be removed either (an {@code Istio}
 *     held back until {@code cacerts} is in place); only their kind, namespace and name matter
 * @param complete whether the mesh record and this member's plan were known; only a complete
 *     desired state may remove objects that are no longer in it
 * @param waiting what could not be rendered yet and why
 * @param peersWithoutCredential peers whose remote secret carries no credential yet
 */
public record DesiredObjects(
    List<HasMetadata> controlPlane,
    List<HasMetadata> credentials,
    List<HasMetadata> gateways,
    List<HasMetadata> retained,
    boolean complete,
    List<Waiting> waiting,
    List<String> peersWithoutCredential) {

  public DesiredObjects {
    controlPlane = List.copyOf(controlPlane);
    credentials = List.copyOf(credentials);
    gateways = List.copyOf(gateways);
    retained = List.copyOf(retained);
    waiting = List.copyOf(waiting);
    peersWithoutCredential = List.copyOf(peersWithoutCredential);
  }

  /** Every object to write, in install order. */
  public List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>(controlPlane);
    all.addAll(credentials);
    all.addAll(gateways);
    return all;
  }
}
