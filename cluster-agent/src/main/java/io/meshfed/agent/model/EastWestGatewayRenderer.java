package io.meshfed.agent.model;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.meshfed.events.model.GatewayPlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The east-west gateway of one network, in the shape of Istio's {@code gen-eastwest-gateway.sh}
 * output (ServiceAccount, Deployment, PodDisruptionBudget, Role, RoleBinding,
 * HorizontalPodAutoscaler and a LoadBalancer Service on 15021/15443/15012/15017), with the
 * cluster's network and the gateway placement (node selector, tolerations) of the desired record.
 */
public final class EastWestGatewayRenderer {

  private static final String APP = "app";
  private static final String ISTIO = "istio";
  private static final String EAST_WEST = "eastwestgateway";

  private EastWestGatewayRenderer() {}

  public static List<HasMetadata> render(MemberTopology topology) {
    return List.of(
        serviceAccount(topology),
        deployment(topology),
        podDisruptionBudget(topology),
        role(topology),
        roleBinding(topology),
        horizontalPodAutoscaler(topology),
        service(topology));
  }

  /** The labels of the gateway's objects, as the generator writes them, plus meshfed's. */
  private static Map<String, String> gatewayLabels(MemberTopology topology) {
    Map<String, String> labels = new TreeMap<>(operatorLabels(topology));
    labels.putAll(selector(topology));
    return labels;
  }

  private static Map<String, String> operatorLabels(MemberTopology topology) {
    Map<String, String> labels = new TreeMap<>(topology.ownedLabels());
    labels.put("install.operator.istio.io/owning-resource", "unknown");
    labels.put("istio.io/rev", "default");
    labels.put("operator.istio.io/component", "IngressGateways");
    labels.put("release", "istio");
    return labels;
  }

  private static Map<String, String> selector(MemberTopology topology) {
    Map<String, String> selector = new TreeMap<>();
    selector.put(APP, IstioNames.EAST_WEST_GATEWAY);
    selector.put(ISTIO, EAST_WEST);
    topology.network().ifPresent(n -> selector.put(MeshfedLabels.NETWORK, n));
    return selector;
  }

  private static ObjectMeta meta(String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(IstioNames.ISTIO_SYSTEM)
        .withLabels(labels)
        .build();
  }

  static HasMetadata serviceAccount(MemberTopology topology) {
    return new ServiceAccountBuilder()
        .withMetadata(meta(IstioNames.EAST_WEST_SERVICE_ACCOUNT, gatewayLabels(topology)))
        .build();
  }

  static HasMetadata deployment(MemberTopology topology) {
    Map<String, String> podLabels = new TreeMap<>(selector(topology));
    podLabels.put("chart", "gateways");
    podLabels.put("heritage", "Tiller");
    podLabels.put("install.operator.istio.io/owning-resource", "unknown");
    podLabels.put("operator.istio.io/component", "IngressGateways");
    podLabels.put("release", "istio");
    podLabels.put("sidecar.istio.io/inject", "true");
    Map<String, String> podAnnotations = new TreeMap<>();
    podAnnotations.put("inject.istio.io/templates", "gateway");
    podAnnotations.put("prometheus.io/path", "/stats/prometheus");
    podAnnotations.put("prometheus.io/port", "15020");
    podAnnotations.put("prometheus.io/scrape", "true");
    podAnnotations.put("sidecar.istio.io/inject", "true");
    return new DeploymentBuilder()
        .withMetadata(meta(IstioNames.EAST_WEST_GATEWAY, gatewayLabels(topology)))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(selector(topology))
        .endSelector()
        .withNewStrategy()
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString("100%"))
        .withMaxUnavailable(new IntOrString("25%"))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(podAnnotations)
        .endMetadata()
        .withSpec(podSpec(topology))
        .endTemplate()
        .endSpec()
        .build();
  }

  private static PodSpec podSpec(MemberTopology topology) {
    List<EnvVar> env = new ArrayList<>();
    topology
        .network()
        .ifPresent(n -> env.add(new EnvVar("ISTIO_META_REQUESTED_NETWORK_VIEW", n, null)));
    env.add(new EnvVar("ISTIO_META_UNPRIVILEGED_POD", "true", null));
    List<ContainerPort> ports = new ArrayList<>();
    for (int port : new int[] {15021, 15443, 15012, 15017}) {
      ports.add(new ContainerPortBuilder().withContainerPort(port).withProtocol("TCP").build());
    }
    ports.add(
        new ContainerPortBuilder()
            .withContainerPort(15090)
            .withName("http-envoy-prom")
            .withProtocol("TCP")
            .build());
    PodSpecBuilder spec =
        new PodSpecBuilder()
            .withContainers(
                new ContainerBuilder()
                    .withName("istio-proxy")
                    .withImage("auto")
                    .withEnv(env)
                    .withPorts(ports)
                    .withNewResources()
                    .withLimits(
                        Map.of("cpu", new Quantity("2000m"), "memory", new Quantity("1024Mi")))
                    .withRequests(
                        Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")))
                    .endResources()
                    .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false)
                    .withNewCapabilities()
                    .withDrop("ALL")
                    .endCapabilities()
                    .withPrivileged(false)
                    .withReadOnlyRootFilesystem(true)
                    .endSecurityContext()
                    .withVolumeMounts(
                        new VolumeMountBuilder()
                            .withMountPath("/etc/istio/ingressgateway-certs")
                            .withName("ingressgateway-certs")
                            .withReadOnly(true)
                            .build(),
                        new VolumeMountBuilder()
                            .withMountPath("/etc/istio/ingressgateway-ca-certs")
                            .withName("ingressgateway-ca-certs")
                            .withReadOnly(true)
                            .build())
                    .build())
            .withServiceAccountName(IstioNames.EAST_WEST_SERVICE_ACCOUNT)
            .withVolumes(
                new VolumeBuilder()
                    .withName("ingressgateway-certs")
                    .withNewSecret()
                    .withOptional(true)
                    .withSecretName("istio-ingressgateway-certs")
                    .endSecret()
                    .build(),
                new VolumeBuilder()
                    .withName("ingressgateway-ca-certs")
                    .withNewSecret()
                    .withOptional(true)
                    .withSecretName("istio-ingressgateway-ca-certs")
                    .endSecret()
                    .build());
    GatewayPlacement placement = topology.gatewayPlacement();
    if (!placement.nodeSelector().isEmpty()) {
      spec.withNodeSelector(new TreeMap<>(placement.nodeSelector()));
    }
    placement
        .tolerations()
        .forEach(
            t ->
                spec.addToTolerations(
                    new TolerationBuilder()
                        .withKey(t.key())
                        .withOperator(t.operator())
                        .withValue(t.value())
                        .withEffect(t.effect())
                        .build()));
    return spec.build();
  }

  static HasMetadata podDisruptionBudget(MemberTopology topology) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(meta(IstioNames.EAST_WEST_GATEWAY, gatewayLabels(topology)))
        .withNewSpec()
        .withMinAvailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(selector(topology))
        .endSelector()
        .endSpec()
        .build();
  }

  static HasMetadata role(MemberTopology topology) {
    return new RoleBuilder()
        .withMetadata(meta(IstioNames.EAST_WEST_SDS_ROLE, operatorLabels(topology)))
        .withRules(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("secrets")
                .withVerbs("get", "watch", "list")
                .build())
        .build();
  }

  static HasMetadata roleBinding(MemberTopology topology) {
    return new RoleBindingBuilder()
        .withMetadata(meta(IstioNames.EAST_WEST_SDS_ROLE, operatorLabels(topology)))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(IstioNames.EAST_WEST_SDS_ROLE)
        .endRoleRef()
        .withSubjects(
            new SubjectBuilder()
                .withKind("ServiceAccount")
                .withName(IstioNames.EAST_WEST_SERVICE_ACCOUNT)
                .build())
        .build();
  }

  static HasMetadata horizontalPodAutoscaler(MemberTopology topology) {
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(meta(IstioNames.EAST_WEST_GATEWAY, gatewayLabels(topology)))
        .withNewSpec()
        .withMaxReplicas(5)
        .withMetrics(
            new MetricSpecBuilder()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(80)
                .endTarget()
                .endResource()
                .build())
        .withMinReplicas(1)
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(IstioNames.EAST_WEST_GATEWAY)
        .endScaleTargetRef()
        .endSpec()
        .build();
  }

  static HasMetadata service(MemberTopology topology) {
    return new ServiceBuilder()
        .withMetadata(meta(IstioNames.EAST_WEST_GATEWAY, gatewayLabels(topology)))
        .withNewSpec()
        .withPorts(
            port("status-port", 15021),
            port("tls", IstioNames.CROSS_NETWORK_PORT),
            port("tls-istiod", 15012),
            port("tls-webhook", 15017))
        .withSelector(selector(topology))
        .withType("LoadBalancer")
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withProtocol("TCP")
        .withTargetPort(new IntOrString(port))
        .build();
  }
}
