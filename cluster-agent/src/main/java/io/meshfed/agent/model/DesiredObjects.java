package io.meshfed.agent.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Every Kubernetes object one member cluster should hold, in install order.
 *
 * @param controlPlane namespaces, {@code cacerts}, {@code IstioCNI}, {@code Istio} and remote
 *     secrets: applied at once
 * @param credentials the reader token Secrets this cluster shares with its peers: applied at once
 *     (a token is minted only once Istio's installation made the reader account), never gated on
 *     Istio's readiness: a remote's {@code Istio} becomes Ready only after its primary reads it
 *     through this credential
 * @param gateways the east-west gateway's Service, account, roles, budget and autoscaler, {@code
 *     cross-network-gateway} and expose-istiod: applied at once (the load balancer gives the
 *     Service its address whatever Istio's state)
 * @param injected the east-west gateway Deployment, whose pods are made by Istio's injector (its
 *     image is {@code auto}): applied only once the injector webhook can inject (a pod created
 *     before the webhook exists never gets its proxy); kept, not removed, while it cannot
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
    List<HasMetadata> injected,
    List<HasMetadata> retained,
    boolean complete,
    List<Waiting> waiting,
    List<String> peersWithoutCredential) {

  public DesiredObjects {
    controlPlane = List.copyOf(controlPlane);
    credentials = List.copyOf(credentials);
    gateways = List.copyOf(gateways);
    injected = List.copyOf(injected);
    retained = List.copyOf(retained);
    waiting = List.copyOf(waiting);
    peersWithoutCredential = List.copyOf(peersWithoutCredential);
  }

  /** Every object to write, in install order. */
  public List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>(controlPlane);
    all.addAll(credentials);
    all.addAll(gateways);
    all.addAll(injected);
    return all;
  }
}
