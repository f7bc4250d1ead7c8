package io.meshfed.sandbox.oracle;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.dataplane.Injection;
import io.meshfed.sandbox.cluster.dataplane.IstiodRoutes;
import io.meshfed.sandbox.cluster.istiod.IstiodSimulator;
import io.meshfed.sandbox.cluster.sail.IstioSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the data plane of one cluster is, from its own objects and the istiod it reaches: the
 * control plane its proxies get their config from (the cluster itself for a primary; for a remote,
 * where its {@code istiod} Service leads), whether a new pod gets its sidecar ({@link Injection})
 * and can start with it (the CNI the injection template expects), whether that istiod reads this
 * cluster (it authenticates the proxies' tokens against this cluster's API server through its
 * remote secret), its network ({@code topology.istio.io/network} on {@code istio-system}, as istiod
 * reads a remote's network) and the root its workloads' certificates chain to.
 *
 * @param problem why workloads of the cluster cannot run in the mesh, when they cannot
 */
record ClusterFacts(
    SimulatedCluster cluster,
    Optional<SimulatedCluster> controlPlane,
    Optional<String> network,
    Optional<String> root,
    String problem) {

  static final String NETWORK_LABEL = "topology.istio.io/network";

  boolean ok() {
    return problem == null;
  }

  IstiodSimulator.State istiod() {
    return controlPlane.orElseThrow().istiod().orElseThrow().state();
  }

  static ClusterFacts of(SimulatedCluster c, IstiodRoutes routes, Injection injection) {
    Optional<String> network =
        c.view()
            .namespace("istio-system")
            .map(Namespace::getMetadata)
            .map(m -> m.getLabels() == null ? null : m.getLabels().get(NETWORK_LABEL));
    Optional<GenericKubernetesResource> istio = c.view().istio("default");
    if (istio.isEmpty()) {
      return failed(c, network, c.name() + " has no Istio");
    }
    IstioSpec spec = IstioSpec.of(istio.get());
    Optional<SimulatedCluster> controlPlane;
    if (!spec.remote()) {
      IstiodSimulator.State own = c.istiod().map(IstiodSimulator::state).orElse(null);
      if (own == null || !own.serving()) {
        return failed(
            c,
            network,
            c.name() + "'s istiod is not serving" + (own == null ? "" : " (" + own.detail() + ")"));
      }
      controlPlane = Optional.of(c);
    } else {
      IstiodRoutes.Route xds =
          routes.viaService(c, "istio-system", "istiod", IstiodRoutes.XDS_PORT);
      if (!xds.reached(IstiodRoutes.XDS_PORT)) {
        return failed(
            c,
            network,
            c.name()
                + "'s proxies reach no istiod: "
                + (xds.failure() != null ? xds.failure() : "port " + xds.port()));
      }
      controlPlane = xds.cluster();
    }
    SimulatedCluster p = controlPlane.get();
    IstiodSimulator.State istiod = p.istiod().orElseThrow().state();
    if (p != c && !istiod.reads().contains(c.clusterId())) {
      return failed(
          c,
          network,
          "the istiod of "
              + p.name()
              + " does not read "
              + c.name()
              + ", so it cannot authenticate "
              + c.name()
              + "'s proxies: "
              + Optional.ofNullable(istiod.unread().get(c.clusterId()))
                  .orElse("it holds no remote secret for it"));
    }
    Injection.Result injected = injection.attempt(c, IstiodSimulator.REVISION);
    if (injected.outcome() != Injection.Outcome.INJECTED) {
      return failed(
          c, network, "a new pod in " + c.name() + " gets no sidecar: " + injected.reason());
    }
    boolean cni = istiod.spec().map(IstioSpec::cniEnabled).orElse(false);
    if (!cni) {
      return failed(
          c,
          network,
          "the Istio of "
              + p.name()
              + " does not set values.pilot.cni.enabled, so pods in "
              + c.name()
              + " get a privileged istio-init container instead of using the IstioCNI meshfed"
              + " installs");
    }
    if (!cniReady(c)) {
      return failed(
          c, network, "IstioCNI is not Ready in " + c.name() + ": injected pods cannot start");
    }
    return new ClusterFacts(c, controlPlane, network, istiod.rootPem(), null);
  }

  private static boolean cniReady(SimulatedCluster c) {
    return c.view()
        .istioCni("default")
        .map(cni -> cni.getAdditionalProperties().get("status"))
        .filter(s -> s instanceof Map<?, ?>)
        .map(s -> ((Map<?, ?>) s).get("conditions"))
        .filter(l -> l instanceof List<?>)
        .map(
            l ->
                ((List<?>) l)
                    .stream()
                        .anyMatch(
                            x ->
                                x instanceof Map<?, ?> m
                                    && "Ready".equals(m.get("type"))
                                    && "True".equals(m.get("status"))))
        .orElse(false);
  }

  private static ClusterFacts failed(SimulatedCluster c, Optional<String> network, String why) {
    return new ClusterFacts(c, Optional.empty(), network, Optional.empty(), why);
  }
}
