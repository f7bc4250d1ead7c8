package io.meshfed.agent.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Composes the renderers into the whole desired state of one member cluster. Pure: the same
 * topology and peer kubeconfigs always give the same objects.
 */
public final class ClusterRendering {

  private ClusterRendering() {}

  /**
   * @param topology the member, validated
   * @param peers the peers whose remote secret the member holds ({@link
   *     MemberTopology#remoteSecretPeers(Map)})
   * @param peerKubeconfigs the kubeconfig of each peer that could be built; a missing one is
   *     reported as waiting, unless the peer's credential was refused
   * @param security {@code cacerts}, whether the CA is in place, and the credentials to share
   */
  public static DesiredObjects render(
      MemberTopology topology,
      List<String> peers,
      Map<String, PeerKubeconfig> peerKubeconfigs,
      SecurityObjects security) {
    List<Waiting> waiting = new ArrayList<>();
    if (topology.mesh().isEmpty()) {
      waiting.add(
          new Waiting(
              Waiting.MESH_RECORD,
              "the record of mesh " + topology.meshId() + " has not been received"));
    } else if (!topology.planReceived()) {
      waiting.add(
          new Waiting(
              Waiting.MEMBER_PLAN,
              "desired generation "
                  + topology.desired().generation()
                  + " of cluster "
                  + topology.clusterName()
                  + " carries no plan of the member (externalIstiod): it was written before it"
                  + " was added"));
    }

    List<HasMetadata> controlPlane = new ArrayList<>(NamespaceRenderer.render(topology));
    List<HasMetadata> retained = new ArrayList<>();
    security.caCerts().ifPresent(controlPlane::add);
    controlPlane.add(IstioCniRenderer.render(topology));
    Optional<GenericKubernetesResource> istio = IstioRenderer.render(topology);
    if (istio.isEmpty()) {
      waiting.add(
          new Waiting(
              Waiting.DISCOVERY_ADDRESS,
              "remote cluster "
                  + topology.clusterName()
                  + " waits for the east-west address of its primary "
                  + topology.controlPlaneCluster().orElse("?")));
      // an Istio installed with an address the hub no longer knows stays as it is: removing it
      // would uninstall the remote's webhook and istiod Service
      retained.add(IstioRenderer.reference(topology));
    } else if (!security.caReady()) {
      waiting.add(
          new Waiting(
              Waiting.INTERMEDIATE_CA,
              "Istio waits for cacerts: the hub has not issued cluster "
                  + topology.clusterName()
                  + "'s intermediate CA yet"));
      retained.add(istio.get());
    } else {
      controlPlane.add(istio.get());
    }
    if (!security.caReady() && security.caCerts().isEmpty()) {
      retained.add(CaCertsRenderer.reference());
    }

    List<String> withoutCredential = new ArrayList<>();
    for (String peer : peers) {
      PeerKubeconfig kubeconfig = peerKubeconfigs.get(peer);
      if (kubeconfig == null && security.refusedPeers().contains(peer)) {
        continue;
      }
      if (kubeconfig == null) {
        waiting.add(
            new Waiting(
                Waiting.PEER_API_SERVER,
                "no remote secret for peer "
                    + peer
                    + ": its credential record names no API server"));
        continue;
      }
      if (!kubeconfig.withCredential()) {
        withoutCredential.add(peer);
      }
      controlPlane.add(RemoteSecretRenderer.render(topology, kubeconfig));
    }

    List<HasMetadata> gateways = new ArrayList<>();
    List<HasMetadata> injected = new ArrayList<>();
    if (topology.eastWestGateway()) {
      for (HasMetadata o : EastWestGatewayRenderer.render(topology)) {
        (o instanceof Deployment ? injected : gateways).add(o);
      }
    }
    if (topology.crossNetworkGateway()) {
      gateways.add(CrossNetworkGatewayRenderer.render(topology));
    }
    if (topology.exposeIstiod()) {
      gateways.addAll(ExposeIstiodRenderer.render(topology));
    }
    return new DesiredObjects(
        controlPlane,
        security.credentials(),
        gateways,
        injected,
        retained,
        topology.complete(),
        waiting,
        withoutCredential);
  }
}
