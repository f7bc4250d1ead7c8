package io.meshfed.agent.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshfed.agent.model.MeshfedLabels;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one rule for what meshfed owns in a cluster: an object labelled {@code
 * app.kubernetes.io/managed-by=meshfed}, which meshfed created and may change and delete; and of
 * those, the ones of one served cluster, also labelled {@code meshfed.io/cluster=<cluster>}.
 * Anything else (a namespace that existed before, {@code cacerts} a platform team provided) is
 * another owner's. Pure.
 */
public final class MeshfedOwnership {

  private MeshfedOwnership() {}

  /** Whether meshfed created the object. */
  public static boolean isManaged(HasMetadata object) {
    Map<String, String> labels =
        object.getMetadata() == null ? null : object.getMetadata().getLabels();
    return labels != null
        && MeshfedLabels.MANAGED_BY_VALUE.equals(labels.get(MeshfedLabels.MANAGED_BY));
  }

  /** The equality label selector of what meshfed created for a served cluster. */
  public static Map<String, String> ownedBy(String cluster) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(MeshfedLabels.MANAGED_BY, MeshfedLabels.MANAGED_BY_VALUE);
    labels.put(MeshfedLabels.CLUSTER, cluster);
    return labels;
  }
}
