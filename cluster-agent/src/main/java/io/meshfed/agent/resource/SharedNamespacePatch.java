package io.meshfed.agent.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meshfed.agent.model.MeshfedLabels;
import java.util.Set;
import java.util.TreeSet;

/**
 * meshfed's patch policy for a namespace it shares with another owner (one that existed before
 * meshfed, without {@code app.kubernetes.io/managed-by=meshfed}): the JSON patch that adds, changes
 * or removes only meshfed's own labels and annotations ({@link
 * MeshfedLabels#SHARED_NAMESPACE_LABELS}, {@link MeshfedLabels#SHARED_NAMESPACE_ANNOTATIONS}) and
 * touches nothing else. Pure.
 */
final class SharedNamespacePatch {

  private SharedNamespacePatch() {}

  /**
   * The operations that make the live namespace carry meshfed's keys as the desired one does.
   *
   * @param desiredMeta the desired {@code metadata}, or an empty object to remove meshfed's keys
   * @param liveMeta the live {@code metadata}
   * @return the JSON patch operations, empty when nothing differs
   */
  static ArrayNode ops(JsonNode desiredMeta, JsonNode liveMeta) {
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    keyOps(
        ops,
        "labels",
        MeshfedLabels.SHARED_NAMESPACE_LABELS,
        desiredMeta.path("labels"),
        liveMeta.path("labels"));
    keyOps(
        ops,
        "annotations",
        MeshfedLabels.SHARED_NAMESPACE_ANNOTATIONS,
        desiredMeta.path("annotations"),
        liveMeta.path("annotations"));
    return ops;
  }

  private static void keyOps(
      ArrayNode ops, String field, Set<String> ownedKeys, JsonNode desired, JsonNode live) {
    String base = "/metadata/" + field;
    boolean liveMapExists = live.isObject();
    for (String key : new TreeSet<>(ownedKeys)) {
      JsonNode want = desired.path(key);
      JsonNode have = live.path(key);
      String path = base + "/" + escape(key);
      if (want.isTextual() && !want.equals(have)) {
        if (!liveMapExists) {
          ops.addObject()
              .put("op", "add")
              .put("path", base)
              .set("value", JsonNodeFactory.instance.objectNode());
          liveMapExists = true;
        }
        ops.addObject()
            .put("op", have.isMissingNode() ? "add" : "replace")
            .put("path", path)
            .set("value", want);
      } else if (!want.isTextual() && !have.isMissingNode()) {
        ops.addObject().put("op", "remove").put("path", path);
      }
    }
  }

  /** A JSON pointer token (RFC 6901). */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
