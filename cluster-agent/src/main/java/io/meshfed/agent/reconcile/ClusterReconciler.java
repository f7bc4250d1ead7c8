package io.meshfed.agent.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshfed.agent.model.ClusterRendering;
import io.meshfed.agent.model.DesiredObjects;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.agent.model.MemberTopology;
import io.meshfed.agent.model.MeshDigest;
import io.meshfed.agent.model.UnactionableDesiredException;
import io.meshfed.agent.model.Waiting;
import io.meshfed.agent.resource.ApplyException;
import io.meshfed.agent.resource.ApplyResult;
import io.meshfed.agent.resource.CachedObjects;
import io.meshfed.agent.resource.ForeignObject;
import io.meshfed.agent.resource.ManagedKind;
import io.meshfed.agent.resource.ObjectRef;
import io.meshfed.agent.resource.Operation;
import io.meshfed.agent.resource.ResourceApplier;
import io.meshfed.agent.security.MemberSecurity;
import io.meshfed.agent.status.ObservedObjects;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One reconcile of the whole desired state of one cluster, as a short chain of steps: decide the
 * cluster's secrets (trust chain and credentials), render, apply the control plane, the credentials
 * and the gateways' Services and config, apply the gateway's Deployment once Istio's injector can
 * inject its pods, remove what is no longer desired. Nothing waits for {@code Istio} to be Ready: a
 * remote becomes Ready only after its primary reads it with the credential applied here. Runs only
 * from the cluster's reconcile loop, one reconcile at a time.
 */
public final class ClusterReconciler {

  private static final Logger LOG = Logger.getLogger(ClusterReconciler.class);

  private final String cluster;
  private final ResourceApplier applier;
  private final MemberSecurity security;

  private long observedGeneration;
  private long observedMeshRevision;

  /** What the cluster read of the mesh revision it applied last, while it applied one. */
  private MeshDigest observedMeshDigest;

  public ClusterReconciler(String cluster, ResourceApplier applier, MemberSecurity security) {
    this.cluster = cluster;
    this.applier = applier;
    this.security = security;
  }

  /**
   * Reconciles a desired membership (not a leave).
   *
   * @param mesh the record of the cluster's mesh, once it arrived
   * @param credentials the records of the mesh's members on {@code meshfed.credentials.v1}, by
   *     sender
   * @param cached the copies the cluster's watches hold, read instead of the API server where they
   *     can answer ({@link CachedObjects#NONE} to read everything from the API server)
   */
  public ReconcileOutcome reconcile(
      DesiredMembership desired,
      Optional<MeshRecord> mesh,
      Map<String, SharedCredential> credentials,
      CachedObjects cached) {
    MemberTopology topology;
    try {
      topology = MemberTopology.of(desired, mesh);
    } catch (UnactionableDesiredException e) {
      LOG.warnf(
          "mesh=%s cluster=%s: cannot act on desired generation %d: %s",
          desired.meshId(), cluster, desired.generation(), e.getMessage());
      return ReconcileOutcome.unactionable(
          desired.meshId(),
          desired.generation(),
          observedGeneration,
          observedMeshRevision,
          new ReconcileOutcome.Problem(e.reason(), e.getMessage()));
    }
    MemberSecurity.Prepared secrets;
    try {
      secrets = security.prepare(topology, desired, credentials, cached);
    } catch (ApplyException e) {
      return ReconcileOutcome.notRead(
          desired.meshId(), desired.generation(), observedGeneration, observedMeshRevision, e);
    }
    DesiredObjects objects =
        ClusterRendering.render(
            topology, secrets.peers(), secrets.peerKubeconfigs(), secrets.objects());
    Applying applying = new Applying(cached);

    objects.controlPlane().forEach(applying::apply);
    objects.credentials().forEach(applying::apply);
    objects.gateways().forEach(applying::apply);
    boolean injectorReady = ObservedObjects.injectorReady(applying.injectorWebhook());
    List<Waiting> waiting = new ArrayList<>(objects.waiting());
    boolean gatewayApplied = false;
    if (!objects.injected().isEmpty()) {
      if (injectorReady) {
        objects.injected().forEach(applying::apply);
        gatewayApplied = true;
      } else {
        waiting.add(
            new Waiting(
                Waiting.INJECTOR,
                "the east-west gateway's pods are made by Istio's injector, whose webhook "
                    + IstioNames.INJECTOR_WEBHOOK
                    + (topology.primary()
                        ? " istiod has not patched yet"
                        : " has no caBundle yet: the primary "
                            + topology.controlPlaneCluster().orElse("?")
                            + " patches it once its istiod reads this cluster")));
      }
    }
    Optional<Condition> istioReady = istioReady(topology, applying, injectorReady);
    Optional<Condition> cniReady = applying.readyCondition(ManagedKind.ISTIO_CNI);
    boolean gatewayAvailable =
        applying
            .live(ManagedKind.DEPLOYMENT, IstioNames.EAST_WEST_GATEWAY)
            .map(ObservedObjects::available)
            .orElse(false);
    if (objects.complete() && applying.failures.isEmpty()) {
      prune(desired.meshId(), objects, applying);
    }
    if (applying.failures.isEmpty()) {
      try {
        security.applied(secrets);
      } catch (ApplyException e) {
        applying.failures.add(e);
      }
    }
    if (applying.failures.isEmpty()) {
      observedGeneration = desired.generation();
      if (objects.complete()) {
        observedMeshRevision = topology.mesh().map(MeshRecord::revision).orElse(0L);
        observedMeshDigest = MeshDigest.of(desired, topology.mesh());
      }
    }
    return new ReconcileOutcome(
        ReconcileOutcome.Step.MEMBER,
        desired.meshId(),
        desired.generation(),
        observedGeneration,
        observedMeshRevision,
        Optional.empty(),
        applying.failures,
        waiting,
        istioReady,
        cniReady,
        objects.controlPlane().stream().anyMatch(o -> IstioNames.ISTIO_KIND.equals(o.getKind())),
        topology.eastWestGateway(),
        gatewayApplied,
        gatewayAvailable,
        applying.eastWestAddresses(),
        secrets.peers(),
        objects.peersWithoutCredential(),
        ReconcileOutcome.count(applying.operations()),
        secrets.facts());
  }

  /**
   * {@code Istio}'s readiness: the Sail operator's {@code Ready} condition, except on a remote
   * whose injection webhook is called by URL (a primary behind a load balancer's hostname): Sail's
   * readiness probe refuses URL-based webhooks (sail-operator {@code webhook_controller.go}:
   * "missing webhooks[].clientConfig.service", sail-operator#1934), so its {@code Ready} stays
   * False for ever; there, readiness is the webhook's {@code caBundle}, which the primary's istiod
   * patches only once it reads this cluster and leads it.
   */
  private static Optional<Condition> istioReady(
      MemberTopology topology, Applying applying, boolean injectorReady) {
    Optional<Condition> sail = applying.readyCondition(ManagedKind.ISTIO);
    if (topology.primary() || !topology.discoveryAddressIsHostname() || sail.isEmpty()) {
      return sail;
    }
    return Optional.of(
        injectorReady
            ? new Condition(
                "Ready",
                Condition.TRUE,
                "InjectorReady",
                "the injection webhook (by URL, which Sail's probe cannot check) holds the"
                    + " caBundle of the primary's istiod",
                null)
            : new Condition(
                "Ready",
                Condition.FALSE,
                "WaitingForCaBundle",
                "the injection webhook (by URL) has no caBundle yet: the primary's istiod patches"
                    + " it once it reads this cluster",
                null));
  }

  /**
   * The last outcome with a newer mesh revision as applied, when the cluster applied everything of
   * the revision before it and the new one changes nothing the cluster reads of it ({@link
   * MeshDigest}): the same objects and the same shared credential stand for it. Empty otherwise (a
   * reconcile is due or under way).
   */
  public Optional<ReconcileOutcome> followMeshRevision(
      DesiredMembership desired, Optional<MeshRecord> mesh, ReconcileOutcome last) {
    if (mesh.isEmpty()
        || observedMeshDigest == null
        || last.step() != ReconcileOutcome.Step.MEMBER
        || !last.failures().isEmpty()
        || last.observedMeshRevision() != observedMeshRevision
        || last.waiting().stream()
            .anyMatch(
                w ->
                    w.reason().equals(Waiting.MESH_RECORD)
                        || w.reason().equals(Waiting.MEMBER_PLAN))
        || mesh.get().revision() <= observedMeshRevision
        || !observedMeshDigest.equals(MeshDigest.of(desired, mesh))) {
      return Optional.empty();
    }
    observedMeshRevision = mesh.get().revision();
    return Optional.of(last.withObservedMeshRevision(observedMeshRevision));
  }

  /** A pending outcome: the desired record is about to be applied for the first time. */
  public ReconcileOutcome pending(DesiredMembership desired) {
    return ReconcileOutcome.pending(
        desired.meshId(), desired.generation(), observedGeneration, observedMeshRevision);
  }

  /** Forgets what was applied: after a leave, a new join starts from generation 0. */
  public void forgetObserved() {
    observedGeneration = 0;
    observedMeshRevision = 0;
    observedMeshDigest = null;
  }

  /** Deletes objects meshfed created that the (complete) desired state no longer holds. */
  private void prune(String meshId, DesiredObjects objects, Applying applying) {
    Set<ObjectRef> keep = new HashSet<>();
    objects.all().forEach(o -> keep.add(ObjectRef.of(o)));
    objects.retained().forEach(o -> keep.add(ObjectRef.of(o)));
    for (ManagedKind kind : ManagedKind.deletionOrder()) {
      try {
        for (ObjectRef ref : applier.listOwned(kind, cluster, applying.cached)) {
          if (!keep.contains(ref)) {
            LOG.infof(
                "mesh=%s cluster=%s: %s is no longer desired, deleting it", meshId, cluster, ref);
            applying.record(applier.delete(ref));
          }
        }
      } catch (ApplyException e) {
        applying.failures.add(e);
      }
    }
  }

  /** The results and failures of one reconcile. */
  private final class Applying {
    private final CachedObjects cached;
    private final List<ApplyResult> results = new ArrayList<>();
    private final List<ApplyException> failures = new ArrayList<>();

    Applying(CachedObjects cached) {
      this.cached = cached;
    }

    void apply(HasMetadata object) {
      try {
        record(applier.apply(object, cached));
      } catch (ApplyException e) {
        failures.add(e);
      }
    }

    void record(ApplyResult result) {
      results.add(result);
    }

    List<Operation> operations() {
      return results.stream().map(ApplyResult::operation).toList();
    }

    Optional<GenericKubernetesResource> live(ManagedKind kind, String name) {
      return results.stream()
          .filter(r -> r.ref().kind() == kind && r.ref().name().equals(name))
          .findFirst()
          .flatMap(ApplyResult::live);
    }

    /** Istio's injector webhook as the API server holds it (not meshfed's: never written). */
    Optional<GenericKubernetesResource> injectorWebhook() {
      try {
        return applier.read(ForeignObject.INJECTOR_WEBHOOK, cached);
      } catch (ApplyException e) {
        failures.add(e);
        return Optional.empty();
      }
    }

    Optional<Condition> readyCondition(ManagedKind kind) {
      return live(kind, IstioNames.DEFAULT).flatMap(ObservedObjects::readyCondition);
    }

    List<GatewayAddress> eastWestAddresses() {
      return live(ManagedKind.SERVICE, IstioNames.EAST_WEST_GATEWAY)
          .map(ObservedObjects::loadBalancerAddresses)
          .orElse(List.of());
    }
  }
}
