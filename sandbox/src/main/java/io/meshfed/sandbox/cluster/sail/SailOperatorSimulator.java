package io.meshfed.sandbox.cluster.sail;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshfed.sandbox.cluster.MeshCrds;
import io.meshfed.sandbox.cluster.SharedSerialization;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.dataplane.IstiodRoutes;
import io.meshfed.sandbox.cluster.istiod.IstiodSimulator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the Sail operator of a simulated cluster (sail-operator {@code release-1.28}):
 *
 * <ul>
 *   <li>An {@code Istio} is validated as Sail's reconciler validates it ({@code
 *       pkg/validation/validation.go}: its {@code spec.namespace} must exist) and its version
 *       resolved ({@link SailRelease}); a failure is {@code Reconciled=False, ReconcileError},
 *       retried when namespaces change. Otherwise the charts are installed ({@link ChartObjects})
 *       whatever the readiness, upgraded on every spec change, and uninstalled when the {@code
 *       Istio} goes; the primary's istiod is the {@link IstiodSimulator}.
 *   <li>A primary's {@code Ready} is its istiod Deployment's: {@code IstiodNotReady} while {@code
 *       readyReplicas < replicas} ({@code istiorevision_controller.go}).
 *   <li>A remote's ({@code profile: remote}) {@code Ready} is the injector webhook's readiness
 *       annotation, written by the {@link RemoteProbe} every probe period ({@code
 *       controllers/webhook/webhook_controller.go}); {@code RemoteIstiodNotReady} otherwise.
 *   <li>{@code DependenciesHealthy} is False while {@code values.pilot.cni.enabled} is set and
 *       {@code IstioCNI default} is missing or not Ready ({@code pkg/revision/dependency.go}).
 *   <li>An {@code IstioCNI} installs the {@code istio-cni-node} DaemonSet; Ready when every
 *       scheduled pod is ready ({@code controllers/istiocni/istiocni_controller.go}).
 * </ul>
 *
 * Runs on the cluster's controller thread.
 */
public final class SailOperatorSimulator {

  private static final Logger LOG = LoggerFactory.getLogger(SailOperatorSimulator.class);
  static final String PROBE_STATUS = "sailoperator.io/readinessProbe.status";
  static final String PROBE_REASON = "sailoperator.io/readinessProbe.reason";

  private final SimulatedCluster cluster;
  private final Clock clock;
  private final KubernetesSerialization json = SharedSerialization.INSTANCE;
  private final RemoteProbe probe;

  /** What was installed for each {@code Istio}/{@code IstioCNI}, and from which spec. */
  private final Map<String, Installed> installed = new HashMap<>();

  private Instant lastProbe = Instant.EPOCH;

  private record Installed(String specJson, List<HasMetadata> objects) {}

  public SailOperatorSimulator(SimulatedCluster cluster, Clock clock) {
    this.cluster = cluster;
    this.clock = clock;
    this.probe = new RemoteProbe(new IstiodRoutes(cluster.world()));
  }

  /** Reconciles every {@code Istio} and {@code IstioCNI}. Controller thread only. */
  public void tick() {
    Instant now = clock.instant();
    boolean probeDue = !now.isBefore(lastProbe.plus(cluster.timings().probePeriod()));
    if (probeDue) {
      lastProbe = now;
    }
    List<String> present = new ArrayList<>();
    for (GenericKubernetesResource istio : cluster.view().istios()) {
      present.add("Istio/" + istio.getMetadata().getName());
      reconcileIstio(istio, probeDue, now);
    }
    for (GenericKubernetesResource cni : cluster.view().istioCnis()) {
      present.add("IstioCNI/" + cni.getMetadata().getName());
      reconcileCni(cni, now);
    }
    for (String gone : new ArrayList<>(installed.keySet())) {
      if (!present.contains(gone)) {
        uninstall(gone);
      }
    }
  }

  private void reconcileIstio(GenericKubernetesResource resource, boolean probeDue, Instant now) {
    IstioSpec spec = IstioSpec.of(resource);
    String key = "Istio/" + spec.name();
    List<SailStatus.Condition> conditions;
    Optional<String> invalid = validate(spec);
    if (invalid.isPresent()) {
      conditions = SailStatus.reconcileError(invalid.get());
    } else {
      install(key, spec, ChartObjects.istio(spec));
      if (!spec.remote()) {
        cluster.ensureIstiod().installed(spec);
      } else {
        cluster.stopIstiod();
        if (probeDue) {
          runProbe();
        }
      }
      conditions = new ArrayList<>();
      conditions.add(SailStatus.Condition.ok("Reconciled"));
      conditions.add(spec.remote() ? remoteReady() : primaryReady(spec));
      conditions.add(dependencies(spec));
    }
    writeStatus(MeshCrds.ISTIO, resource, conditions, true, now);
  }

  private void reconcileCni(GenericKubernetesResource resource, Instant now) {
    IstioSpec spec = IstioSpec.of(resource);
    String key = "IstioCNI/" + spec.name();
    String namespace = ChartObjects.cniNamespace(spec);
    List<SailStatus.Condition> conditions;
    if (cluster.view().namespace(namespace).isEmpty()) {
      conditions = SailStatus.reconcileError(missingNamespace(namespace));
    } else if (SailRelease.resolve(spec.version()).isEmpty()) {
      conditions = SailStatus.reconcileError("version \"" + spec.version() + "\" not found");
    } else {
      install(key, spec, List.of(ChartObjects.cni(spec)));
      Optional<DaemonSet> ds =
          cluster.daemonSets().stream()
              .filter(d -> namespace.equals(d.getMetadata().getNamespace()))
              .filter(d -> ChartObjects.CNI_DAEMON_SET.equals(d.getMetadata().getName()))
              .findFirst();
      SailStatus.Condition ready;
      if (ds.isEmpty()) {
        ready =
            new SailStatus.Condition(
                "Ready", false, "DaemonSetNotReady", "istio-cni-node DaemonSet not found");
      } else {
        int scheduled =
            number(
                ds.get().getStatus() == null
                    ? null
                    : ds.get().getStatus().getCurrentNumberScheduled());
        int readyPods =
            number(ds.get().getStatus() == null ? null : ds.get().getStatus().getNumberReady());
        if (scheduled == 0) {
          ready =
              new SailStatus.Condition(
                  "Ready",
                  false,
                  "DaemonSetNotReady",
                  "no istio-cni-node pods are currently scheduled");
        } else if (readyPods < scheduled) {
          ready =
              new SailStatus.Condition(
                  "Ready", false, "DaemonSetNotReady", "not all istio-cni-node pods are ready");
        } else {
          ready = SailStatus.Condition.ok("Ready");
        }
      }
      conditions = List.of(SailStatus.Condition.ok("Reconciled"), ready);
    }
    writeStatus(MeshCrds.ISTIO_CNI, resource, conditions, false, now);
  }

  private Optional<String> validate(IstioSpec spec) {
    if (cluster.view().namespace(spec.namespace()).isEmpty()) {
      return Optional.of(missingNamespace(spec.namespace()));
    }
    if (SailRelease.resolve(spec.version()).isEmpty()) {
      return Optional.of("version \"" + spec.version() + "\" not found");
    }
    return Optional.empty();
  }

  private static String missingNamespace(String namespace) {
    return "validation error: namespace \"" + namespace + "\" doesn't exist";
  }

  private SailStatus.Condition primaryReady(IstioSpec spec) {
    Optional<Deployment> istiod =
        cluster.view().deployment(spec.namespace(), IstiodSimulator.DEPLOYMENT);
    if (istiod.isEmpty()) {
      return new SailStatus.Condition(
          "Ready", false, "IstiodNotReady", "istiod Deployment not found");
    }
    int replicas =
        number(istiod.get().getStatus() == null ? null : istiod.get().getStatus().getReplicas());
    int ready =
        number(
            istiod.get().getStatus() == null ? null : istiod.get().getStatus().getReadyReplicas());
    if (replicas == 0) {
      return new SailStatus.Condition(
          "Ready", false, "IstiodNotReady", "istiod Deployment is scaled to zero replicas");
    }
    if (ready < replicas) {
      return new SailStatus.Condition(
          "Ready", false, "IstiodNotReady", "not all istiod pods are ready");
    }
    return SailStatus.Condition.ok("Ready");
  }

  private SailStatus.Condition remoteReady() {
    Optional<MutatingWebhookConfiguration> webhook = injectorWebhook();
    if (webhook.isEmpty()) {
      return new SailStatus.Condition(
          "Ready",
          false,
          "RemoteIstiodNotReady",
          "MutatingWebhookConfiguration " + ChartObjects.INJECTOR_WEBHOOK + " not found");
    }
    Map<String, String> annotations = webhook.get().getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(PROBE_STATUS);
    if ("true".equals(value)) {
      return SailStatus.Condition.ok("Ready");
    }
    if ("false".equals(value)) {
      return new SailStatus.Condition(
          "Ready", false, "RemoteIstiodNotReady", "readiness probe on remote istiod failed");
    }
    return new SailStatus.Condition(
        "Ready",
        false,
        "RemoteIstiodNotReady",
        "invalid or missing annotation "
            + PROBE_STATUS
            + " on MutatingWebhookConfiguration "
            + ChartObjects.INJECTOR_WEBHOOK);
  }

  private SailStatus.Condition dependencies(IstioSpec spec) {
    if (!spec.cniEnabled()) {
      return SailStatus.Condition.ok("DependenciesHealthy");
    }
    Optional<GenericKubernetesResource> cni = cluster.view().istioCni("default");
    if (cni.isEmpty()) {
      return new SailStatus.Condition(
          "DependenciesHealthy", false, "IstioCNINotFound", "IstioCNI resource does not exist");
    }
    boolean ready =
        cni.get().getAdditionalProperties().get("status") instanceof Map<?, ?> status
            && status.get("conditions") instanceof List<?> list
            && list.stream()
                .anyMatch(
                    c ->
                        c instanceof Map<?, ?> m
                            && "Ready".equals(m.get("type"))
                            && "True".equals(m.get("status")));
    return ready
        ? SailStatus.Condition.ok("DependenciesHealthy")
        : new SailStatus.Condition(
            "DependenciesHealthy",
            false,
            "IstioCNINotHealthy",
            "IstioCNI resource status indicates that the component is not healthy");
  }

  private void runProbe() {
    Optional<MutatingWebhookConfiguration> webhook = injectorWebhook();
    if (webhook.isEmpty()) {
      return;
    }
    Optional<String> failure = probe.failure(cluster, webhook.get());
    Map<String, String> annotations = webhook.get().getMetadata().getAnnotations();
    String status = Boolean.toString(failure.isEmpty());
    String reason = failure.orElse("");
    if (annotations != null
        && status.equals(annotations.get(PROBE_STATUS))
        && reason.equals(annotations.getOrDefault(PROBE_REASON, ""))) {
      return;
    }
    Map<String, Object> patch =
        Map.of(
            "metadata", Map.of("annotations", Map.of(PROBE_STATUS, status, PROBE_REASON, reason)));
    try {
      cluster
          .internalClient()
          .admissionRegistration()
          .v1()
          .mutatingWebhookConfigurations()
          .withName(ChartObjects.INJECTOR_WEBHOOK)
          .patch(PatchContext.of(PatchType.JSON_MERGE), json.asJson(patch));
      LOG.info(
          "Sail operator (simulated) on cluster {}: remote readiness probe {}",
          cluster.name(),
          failure.map(f -> "fails: " + f).orElse("passes"));
    } catch (KubernetesClientException e) {
      LOG.debug(
          "Sail operator (simulated) on {}: probe annotation: {}", cluster.name(), e.getMessage());
    }
  }

  private Optional<MutatingWebhookConfiguration> injectorWebhook() {
    return cluster.view().webhooks().stream()
        .filter(w -> ChartObjects.INJECTOR_WEBHOOK.equals(w.getMetadata().getName()))
        .findFirst();
  }

  /** Installs or upgrades: writes what changed since the last install, removes what went. */
  private void install(String key, IstioSpec spec, List<HasMetadata> objects) {
    String specJson = json.asJson(spec.spec());
    Installed previous = installed.get(key);
    boolean changed = previous == null || !previous.specJson().equals(specJson);
    if (!changed && !missing(objects)) {
      return;
    }
    for (HasMetadata object : objects) {
      ChartApplier.apply(cluster.internalClient(), object);
    }
    if (previous != null) {
      for (HasMetadata old : previous.objects()) {
        if (objects.stream().noneMatch(o -> sameObject(o, old))) {
          ChartApplier.delete(cluster.internalClient(), old);
        }
      }
    }
    installed.put(key, new Installed(specJson, objects));
    if (changed) {
      LOG.info(
          "Sail operator (simulated) on cluster {}: {} installed ({} objects)",
          cluster.name(),
          key,
          objects.size());
    }
  }

  /** Whether an object the view follows is gone (someone deleted it: Sail puts it back). */
  private boolean missing(List<HasMetadata> objects) {
    for (HasMetadata o : objects) {
      String ns = o.getMetadata().getNamespace();
      String name = o.getMetadata().getName();
      boolean gone =
          switch (o.getKind()) {
            case "Deployment" -> cluster.view().deployment(ns, name).isEmpty();
            case "Service" -> cluster.view().service(ns, name).isEmpty();
            case "MutatingWebhookConfiguration" -> injectorWebhook().isEmpty();
            default -> false;
          };
      if (gone) {
        return true;
      }
    }
    return false;
  }

  private void uninstall(String key) {
    Installed gone = installed.remove(key);
    for (HasMetadata o : gone.objects()) {
      ChartApplier.delete(cluster.internalClient(), o);
    }
    if (key.startsWith("Istio/")) {
      cluster.stopIstiod();
    }
    LOG.info("Sail operator (simulated) on cluster {}: {} uninstalled", cluster.name(), key);
  }

  private void writeStatus(
      io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext kind,
      GenericKubernetesResource resource,
      List<SailStatus.Condition> conditions,
      boolean istio,
      Instant now) {
    Long generation = resource.getMetadata().getGeneration();
    @SuppressWarnings("unchecked")
    Map<String, Object> previous =
        resource.getAdditionalProperties().get("status") instanceof Map<?, ?> m
            ? (Map<String, Object>) m
            : null;
    Map<String, Object> status =
        SailStatus.of(
            resource.getMetadata().getName(),
            generation == null ? 1L : generation,
            conditions,
            istio,
            previous,
            now);
    if (SailStatus.same(previous, status)) {
      return;
    }
    String patch = json.asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
    try {
      cluster
          .internalClient()
          .genericKubernetesResources(kind)
          .withName(resource.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON), patch);
      LOG.info(
          "Sail operator (simulated) on cluster {}: {} {} is {} (generation {})",
          cluster.name(),
          kind.getKind(),
          resource.getMetadata().getName(),
          status.get("state"),
          status.get("observedGeneration"));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warn("Sail operator (simulated) on {}: status: {}", cluster.name(), e.getMessage());
      }
    }
  }

  private static boolean sameObject(HasMetadata a, HasMetadata b) {
    return a.getKind().equals(b.getKind())
        && a.getMetadata().getName().equals(b.getMetadata().getName())
        && java.util.Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace());
  }

  private static int number(Integer i) {
    return i == null ? 0 : i;
  }
}
