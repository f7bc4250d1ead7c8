package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;

/**
 * Applies a PATCH to the stored object as an API server does: a JSON merge patch by RFC 7386
 * (objects merge, everything else, arrays included, is replaced, null removes), a JSON patch by RFC
 * 6902 (no missing parents created, removing a missing member fails). Also makes the JSON patch
 * that turns the stored object into the admitted one, for the store, whose own merge appends to
 * arrays and keeps nulls and whose JSON patch creates missing parents
 * (k8s.io/apiserver/pkg/endpoints/handlers/patch.go, applyPatchToObject; the Fabric8 mock's
 * PatchHandler).
 */
final class PatchApplier {

  static final String MERGE = "application/merge-patch+json";
  static final String JSON_PATCH = "application/json-patch+json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Thrown when the patch cannot be applied; carries the API server's answer. */
  static final class PatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient MockResponse response;

    PatchException(MockResponse response, String message) {
      super(message);
      this.response = response;
    }

    MockResponse response() {
      return response;
    }
  }

  private PatchApplier() {}

  /** The media type of a supported patch, or null (strategic merge and apply patches are not). */
  static String patchType(String contentType) {
    if (contentType == null) {
      return null;
    }
    String type = contentType.split(";")[0].trim();
    return type.equals(MERGE) || type.equals(JSON_PATCH) ? type : null;
  }

  /** The stored object with the patch applied; the stored object is not changed. */
  static ObjectNode apply(ObjectNode current, byte[] patchBytes, String patchType) {
    JsonNode patch;
    try {
      patch = MAPPER.readTree(patchBytes);
    } catch (IOException e) {
      throw refused(InvalidResponse.badRequest("error decoding patch: " + e.getMessage()));
    }
    JsonNode result;
    if (MERGE.equals(patchType)) {
      if (patch == null || !patch.isObject()) {
        throw refused(InvalidResponse.badRequest("a JSON merge patch must be an object"));
      }
      result = merge(current.deepCopy(), patch);
    } else {
      if (patch == null || !patch.isArray()) {
        throw refused(
            InvalidResponse.badRequest(
                "json: cannot unmarshal "
                    + Json.jsonKind(patch)
                    + " into Go value of type jsonpatch.Patch"));
      }
      try {
        result =
            JsonPatch.apply(
                patch, current, EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT));
      } catch (JsonPatchException | IllegalArgumentException e) {
        throw refused(InvalidResponse.unprocessable(e.getMessage()));
      }
    }
    if (!result.isObject()) {
      throw refused(InvalidResponse.badRequest("the patch does not leave an object"));
    }
    return (ObjectNode) result;
  }

  /** RFC 7386: objects merge key by key, null removes, anything else replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? (ObjectNode) target
            : JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }

  /**
   * Whether the store would merge this merge patch differently from RFC 7386: it appends arrays to
   * the stored ones and stores nulls instead of removing the fields.
   */
  static boolean storeMergesDifferently(JsonNode patch) {
    if (patch.isArray() || patch.isNull()) {
      return true;
    }
    for (Iterator<JsonNode> it = patch.elements(); it.hasNext(); ) {
      if (storeMergesDifferently(it.next())) {
        return true;
      }
    }
    return false;
  }

  /** A JSON patch replacing each top-level field of {@code from} that differs in {@code to}. */
  static ArrayNode replacing(ObjectNode from, ObjectNode to) {
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    for (Map.Entry<String, JsonNode> e : to.properties()) {
      if (!e.getValue().equals(from.get(e.getKey()))) {
        ops.addObject()
            .put("op", "add")
            .put("path", pointer(e.getKey()))
            .set("value", e.getValue());
      }
    }
    from.fieldNames()
        .forEachRemaining(
            name -> {
              if (!to.has(name)) {
                ops.addObject().put("op", "remove").put("path", pointer(name));
              }
            });
    return ops;
  }

  static JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String pointer(String name) {
    return "/" + name.replace("~", "~0").replace("/", "~1");
  }

  private static PatchException refused(MockResponse response) {
    return new PatchException(response, "patch refused");
  }
}
