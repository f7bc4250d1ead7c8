package io.meshfed.hub.registry;

import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.SharedCredential;
import java.util.List;
import java.util.Map;

/**
 * Whether a mesh has converged: every member Ready at its latest generation and at the revision of
 * the mesh's last mesh record, and every member's credential applied by every other primary of the
 * mesh (the envelope the hub routes for it is sealed for that primary, and that primary confirmed
 * applying exactly that credential id). A join no longer gives the primaries a new generation, so
 * Ready alone would not say that they read the new member.
 */
public final class Convergence {

  private Convergence() {}

  /** A mesh without members has nothing to converge and counts as converged. */
  public static boolean converged(MeshRegistry registry, String meshId) {
    long revision = registry.meshRevision(meshId);
    List<Member> members = registry.membersOf(meshId);
    List<String> primaries =
        members.stream().filter(Member::isPrimary).map(Member::clusterName).toList();
    return members.stream()
        .allMatch(
            m ->
                registry
                        .observed(m.clusterName())
                        .filter(o -> o.phase() == Phase.READY)
                        .filter(o -> o.status().observedGeneration() == m.generation())
                        .filter(o -> o.status().observedMeshRevision() == revision)
                        .isPresent()
                    && appliedByEveryPrimary(registry, m.clusterName(), primaries));
  }

  private static boolean appliedByEveryPrimary(
      MeshRegistry registry, String sender, List<String> primaries) {
    if (primaries.stream().allMatch(sender::equals)) {
      return true;
    }
    CredentialEnvelope envelope =
        registry.credential(sender).map(SharedCredential::credential).orElse(null);
    if (envelope == null) {
      return false;
    }
    Map<String, String> appliedBy = registry.appliedBy(sender);
    return primaries.stream()
        .filter(p -> !p.equals(sender))
        .allMatch(
            p ->
                envelope.recipients().containsKey(p)
                    && envelope.credentialId().equals(appliedBy.get(p)));
  }
}
