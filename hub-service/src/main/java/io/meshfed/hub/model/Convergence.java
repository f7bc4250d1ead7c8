package io.meshfed.hub.model;

import io.meshfed.events.model.Phase;

/**
 * Whether a mesh has converged: every member Ready at its latest generation and at the revision of
 * the mesh's last mesh record.
 */
public final class Convergence {

  private Convergence() {}

  /** A mesh without members has nothing to converge and counts as converged. */
  public static boolean converged(MeshRegistry registry, String meshId) {
    long revision = registry.meshRevision(meshId);
    return registry.membersOf(meshId).stream()
        .allMatch(
            m ->
                registry
                    .observed(m.clusterName())
                    .filter(o -> o.phase() == Phase.READY)
                    .filter(o -> o.status().observedGeneration() == m.generation())
                    .filter(o -> o.status().observedMeshRevision() == revision)
                    .isPresent());
  }
}
