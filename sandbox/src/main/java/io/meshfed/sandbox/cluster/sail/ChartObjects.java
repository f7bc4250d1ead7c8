package io.meshfed.sandbox.cluster.sail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the Sail operator's Helm install of Istio's charts puts into a cluster, as far as the rest
 * of the simulation depends on it (istio {@code release-1.28}, {@code
 * manifests/charts/istio-control/istio-discovery/templates} and {@code manifests/charts/base}):
 *
 * <ul>
 *   <li>For every {@code Istio} named {@code default} (Sail installs the base chart only for that
 *       revision), the base chart's {@code istio-reader-service-account}.
 *   <li>The reader role {@code istio-reader-clusterrole-<ns>} ({@code reader-clusterrole.yaml}) and
 *       its binding to that account; the remote profile ({@code istiodRemote.enabled}) adds
 *       ConfigMap writes and webhook patches.
 *   <li>The injector {@code MutatingWebhookConfiguration istio-sidecar-injector}, labelled {@code
 *       istio.io/rev: default}, four webhooks calling Service {@code istiod} on 443 at {@code
 *       injectionPath} (or {@code injectionURL}), {@code failurePolicy: Fail}, {@code caBundle}
 *       from {@code istiodRemote.injectionCABundle} or empty ({@code mutatingwebhook.yaml}).
 *   <li>A primary: the {@code istiod} Deployment, Service (15010, 15012, 443 to 15017, 15014) and
 *       ServiceAccount.
 *   <li>A remote with {@code remotePilotAddress}: a selectorless Service {@code istiod} (15012, 443
 *       to 15017) with an {@code EndpointSlice} for an IPv4 address, or {@code type: ExternalName}
 *       for a name ({@code remote-istiod-service.yaml}, {@code remote-istiod-endpointslices.yaml}).
 * </ul>
 *
 * And for an {@code IstioCNI}: the {@code istio-cni-node} DaemonSet in its namespace. Pure.
 */
public final class ChartObjects {

  public static final String READER_ACCOUNT = "istio-reader-service-account";
  public static final String INJECTOR_WEBHOOK = "istio-sidecar-injector";
  public static final String CNI_DAEMON_SET = "istio-cni-node";
  private static final Pattern IPV4 = Pattern.compile("^([0-9]*\\.){3}[0-9]*$");
  private static final String RBAC = "rbac.authorization.k8s.io";

  private ChartObjects() {}

  /** Every object of the Istio install, in install order. */
  public static List<HasMetadata> istio(IstioSpec spec) {
    String ns = spec.namespace();
    List<HasMetadata> objects = new ArrayList<>();
    if ("default".equals(spec.name())) {
      objects.add(
          new ServiceAccountBuilder().withMetadata(meta(READER_ACCOUNT, ns, Map.of())).build());
    }
    String reader = "istio-reader-clusterrole-" + ns;
    objects.add(
        new ClusterRoleBuilder()
            .withMetadata(meta(reader, null, Map.of("app", "istio-reader")))
            .withRules(readerRules(spec.remote()))
            .build());
    objects.add(
        new ClusterRoleBindingBuilder()
            .withMetadata(meta(reader, null, Map.of("app", "istio-reader")))
            .withNewRoleRef(RBAC, "ClusterRole", reader)
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(READER_ACCOUNT)
            .withNamespace(ns)
            .endSubject()
            .build());
    if (!spec.remote()) {
      objects.add(new ServiceAccountBuilder().withMetadata(meta("istiod", ns, Map.of())).build());
      objects.add(istiodDeployment(spec));
      objects.add(
          new ServiceBuilder()
              .withMetadata(meta("istiod", ns, Map.of("app", "istiod", "istio", "pilot")))
              .withNewSpec()
              .withSelector(Map.of("app", "istiod", "istio", "pilot"))
              .withPorts(
                  port("grpc-xds", 15010, 15010),
                  port("https-dns", 15012, 15012),
                  port("https-webhook", 443, 15017),
                  port("http-monitoring", 15014, 15014))
              .endSpec()
              .build());
    } else {
      spec.remotePilotAddress()
          .ifPresent(address -> objects.addAll(remoteIstiodService(ns, address)));
    }
    objects.add(injectorWebhook(spec));
    return objects;
  }

  /** The {@code istio-cni-node} DaemonSet of an {@code IstioCNI}. */
  public static HasMetadata cni(IstioSpec spec) {
    Map<String, String> labels = Map.of("k8s-app", CNI_DAEMON_SET);
    return new DaemonSetBuilder()
        .withMetadata(meta(CNI_DAEMON_SET, cniNamespace(spec), labels))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .addToAnnotations("sidecar.istio.io/inject", "false")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("install-cni")
        .withImage("docker.io/istio/install-cni:" + spec.version().replaceFirst("^v", ""))
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** {@code IstioCNI.spec.namespace}, {@code istio-cni} by default (the CRD's default). */
  public static String cniNamespace(IstioSpec spec) {
    return IstioSpec.text(spec.spec(), "namespace").orElse("istio-cni");
  }

  private static HasMetadata istiodDeployment(IstioSpec spec) {
    Map<String, String> labels =
        Map.of("app", "istiod", "istio", "pilot", "istio.io/rev", "default");
    return new DeploymentBuilder()
        .withMetadata(meta("istiod", spec.namespace(), labels))
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(Map.of("istio", "pilot"))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .addToLabels("sidecar.istio.io/inject", "false")
        // Sail re-renders the chart; a change of the version or of values that reach the pod
        // template is a new template (IstioSpec.podTemplateHash)
        .addToAnnotations(
            "sailoperator.io/spec-hash", Integer.toHexString(spec.podTemplateHash().hashCode()))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName("istiod")
        .addNewContainer()
        .withName("discovery")
        .withImage("docker.io/istio/pilot:" + spec.version().replaceFirst("^v", ""))
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static List<HasMetadata> remoteIstiodService(String ns, String address) {
    Map<String, String> labels = Map.of("istio.io/rev", "default", "app", "istiod");
    List<HasMetadata> objects = new ArrayList<>();
    ServiceBuilder service =
        new ServiceBuilder()
            .withMetadata(meta("istiod", ns, labels))
            .withNewSpec()
            .withPorts(port("tcp-istiod", 15012, 15012), port("tcp-webhook", 443, 15017))
            .endSpec();
    if (!IPV4.matcher(address).matches()) {
      objects.add(
          service.editSpec().withType("ExternalName").withExternalName(address).endSpec().build());
      return objects;
    }
    objects.add(service.build());
    objects.add(
        new EndpointSliceBuilder()
            .withMetadata(
                meta(
                    "istiod",
                    ns,
                    Map.of("kubernetes.io/service-name", "istiod", "istio.io/rev", "default")))
            .withAddressType("IPv4")
            .addNewEndpoint()
            .withAddresses(address)
            .endEndpoint()
            .addNewPort()
            .withName("tcp-istiod")
            .withPort(15012)
            .withProtocol("TCP")
            .endPort()
            .addNewPort()
            .withName("tcp-webhook")
            .withPort(15017)
            .withProtocol("TCP")
            .endPort()
            .build());
    return objects;
  }

  private static HasMetadata injectorWebhook(IstioSpec spec) {
    String path = spec.injectionPath().orElse("/inject");
    List<MutatingWebhook> webhooks = new ArrayList<>();
    for (String prefix : List.of("rev.namespace.", "rev.object.", "namespace.", "object.")) {
      WebhookClientConfigBuilder client = new WebhookClientConfigBuilder();
      if (spec.injectionUrl().isPresent()) {
        client.withUrl(spec.injectionUrl().get());
      } else {
        client
            .withNewService()
            .withName("istiod")
            .withNamespace(spec.namespace())
            .withPath(path)
            .withPort(443)
            .endService();
      }
      spec.injectionCaBundle().ifPresent(client::withCaBundle);
      WebhookClientConfig config = client.build();
      webhooks.add(
          new MutatingWebhookBuilder()
              .withName(prefix + "sidecar-injector.istio.io")
              .withClientConfig(config)
              .withFailurePolicy("Fail")
              .withSideEffects("None")
              .withReinvocationPolicy("Never")
              .withAdmissionReviewVersions("v1")
              .withNewObjectSelector()
              .addNewMatchExpression()
              .withKey("sidecar.istio.io/inject")
              .withOperator("NotIn")
              .withValues("false")
              .endMatchExpression()
              .endObjectSelector()
              .addNewRule()
              .withOperations("CREATE")
              .withApiGroups("")
              .withApiVersions("v1")
              .withResources("pods")
              .endRule()
              .build());
    }
    return new MutatingWebhookConfigurationBuilder()
        .withMetadata(
            meta(
                INJECTOR_WEBHOOK,
                null,
                Map.of(
                    "istio.io/rev",
                    "default",
                    "app",
                    "sidecar-injector",
                    "operator.istio.io/component",
                    "Pilot")))
        .withWebhooks(webhooks)
        .build();
  }

  private static List<PolicyRule> readerRules(boolean remote) {
    List<PolicyRule> rules = new ArrayList<>();
    rules.add(
        rule(
            List.of(
                "config.istio.io",
                "security.istio.io",
                "networking.istio.io",
                "authentication.istio.io",
                "rbac.istio.io",
                "telemetry.istio.io",
                "extensions.istio.io"),
            List.of("*"),
            List.of("get", "list", "watch")));
    rules.add(
        rule(
            List.of(""),
            List.of(
                "endpoints",
                "pods",
                "services",
                "nodes",
                "replicationcontrollers",
                "namespaces",
                "secrets"),
            List.of("get", "list", "watch")));
    rules.add(
        rule(
            List.of("networking.istio.io"),
            List.of("workloadentries"),
            List.of("get", "watch", "list")));
    rules.add(
        rule(
            List.of("networking.x-k8s.io", "gateway.networking.k8s.io"),
            List.of("gateways"),
            List.of("get", "watch", "list")));
    rules.add(
        rule(
            List.of("apiextensions.k8s.io"),
            List.of("customresourcedefinitions"),
            List.of("get", "list", "watch")));
    rules.add(
        rule(
            List.of("discovery.k8s.io"),
            List.of("endpointslices"),
            List.of("get", "list", "watch")));
    rules.add(
        rule(
            List.of("multicluster.x-k8s.io"),
            List.of("serviceexports"),
            List.of("get", "list", "watch", "create", "delete")));
    rules.add(
        rule(
            List.of("multicluster.x-k8s.io"),
            List.of("serviceimports"),
            List.of("get", "list", "watch")));
    rules.add(rule(List.of("apps"), List.of("replicasets"), List.of("get", "list", "watch")));
    rules.add(rule(List.of("authentication.k8s.io"), List.of("tokenreviews"), List.of("create")));
    rules.add(
        rule(List.of("authorization.k8s.io"), List.of("subjectaccessreviews"), List.of("create")));
    if (remote) {
      rules.add(
          rule(
              List.of(""),
              List.of("configmaps"),
              List.of("create", "get", "list", "watch", "update")));
      rules.add(
          rule(
              List.of("admissionregistration.k8s.io"),
              List.of("mutatingwebhookconfigurations"),
              List.of("get", "list", "watch", "update", "patch")));
      rules.add(
          rule(
              List.of("admissionregistration.k8s.io"),
              List.of("validatingwebhookconfigurations"),
              List.of("get", "list", "watch", "update")));
    }
    return rules;
  }

  private static PolicyRule rule(List<String> groups, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(groups)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  private static ServicePort port(String name, int port, int target) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(target))
        .withProtocol("TCP")
        .build();
  }

  private static ObjectMeta meta(String name, String namespace, Map<String, String> labels) {
    Map<String, String> all = new TreeMap<>(labels);
    all.put("app.kubernetes.io/managed-by", "Helm");
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(all)
        .addToAnnotations("meta.helm.sh/release-name", "default-istiod")
        .build();
  }
}
