package io.meshfed.agent.reconcile;

import io.meshfed.agent.resource.ApplyException;
import io.meshfed.agent.resource.ApplyResult;
import io.meshfed.agent.resource.ManagedKind;
import io.meshfed.agent.resource.ObjectRef;
import io.meshfed.agent.resource.Operation;
import io.meshfed.agent.resource.ResourceApplier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Leaves the mesh: deletes exactly what meshfed created for one cluster (found by its labels,
 * gateways first, namespaces last, as the seeds' clean-up does) and removes meshfed's labels and
 * annotations from namespaces it shares. Objects it did not create are never touched.
 */
public final class MeshLeaver {

  private static final Logger LOG = Logger.getLogger(MeshLeaver.class);

  private final String cluster;
  private final ResourceApplier applier;

  public MeshLeaver(String cluster, ResourceApplier applier) {
    this.cluster = cluster;
    this.applier = applier;
  }

  /**
   * @param lastMeshId the mesh the cluster was in, if the agent read it
   * @param leaving called once with a {@code LEAVING} outcome before anything is deleted
   */
  public ReconcileOutcome leave(String lastMeshId, Consumer<ReconcileOutcome> leaving) {
    List<ApplyException> failures = new ArrayList<>();
    String mesh = lastMeshId;
    List<ObjectRef> owned = new ArrayList<>();
    List<String> shared = List.of();
    try {
      if (mesh == null) {
        mesh = applier.meshOfOwnedObjects(cluster).orElse(null);
      }
      for (ManagedKind kind : ManagedKind.deletionOrder()) {
        owned.addAll(applier.listOwned(kind, cluster));
      }
      shared = applier.sharedNamespaces(cluster);
    } catch (ApplyException e) {
      failures.add(e);
      return ReconcileOutcome.leaving(ReconcileOutcome.Step.LEAVING, mesh, failures, Map.of());
    }
    if (owned.isEmpty() && shared.isEmpty()) {
      return ReconcileOutcome.leaving(ReconcileOutcome.Step.LEFT, mesh, List.of(), Map.of());
    }
    LOG.infof(
        "mesh=%s cluster=%s: leaving the mesh, deleting %d objects meshfed created and releasing %d"
            + " shared namespaces",
        mesh, cluster, owned.size(), shared.size());
    leaving.accept(
        ReconcileOutcome.leaving(ReconcileOutcome.Step.LEAVING, mesh, List.of(), Map.of()));

    List<Operation> operations = new ArrayList<>();
    for (ObjectRef ref : owned) {
      try {
        operations.add(applier.delete(ref).operation());
      } catch (ApplyException e) {
        failures.add(e);
      }
    }
    for (String namespace : shared) {
      try {
        ApplyResult released = applier.releaseSharedNamespace(namespace);
        operations.add(released.operation());
      } catch (ApplyException e) {
        failures.add(e);
      }
    }
    ReconcileOutcome.Step step =
        failures.isEmpty() ? ReconcileOutcome.Step.LEFT : ReconcileOutcome.Step.LEAVING;
    return ReconcileOutcome.leaving(step, mesh, failures, ReconcileOutcome.count(operations));
  }
}
