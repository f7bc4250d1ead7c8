package io.meshfed.events.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshfed.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the schema files as plain JSON trees, to check what they say. */
final class SchemaFiles {

  static final String COMMON = "common.schema.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaFiles() {}

  static JsonNode of(EventType type) {
    return read(type.schemaResource());
  }

  static JsonNode common() {
    return read("/schemas/" + COMMON);
  }

  /** A shared type of {@code common.schema.json}, by name. */
  static JsonNode def(String name) {
    JsonNode def = common().path("$defs").path(name);
    if (def.isMissingNode()) {
      throw new AssertionError(COMMON + " has no $defs/" + name);
    }
    return def;
  }

  static JsonNode read(String resource) {
    try (InputStream in = SchemaFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("no resource " + resource);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /**
   * Whether a schema node uses the shared type {@code name}, directly or through the shared types
   * it references.
   */
  static boolean uses(JsonNode node, String name) {
    return uses(node, name, new HashSet<>());
  }

  private static boolean uses(JsonNode node, String name, Set<String> seen) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null) {
        String target = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
        if (target.equals(name)) {
          return true;
        }
        if (seen.add(target) && uses(def(target), name, seen)) {
          return true;
        }
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (uses(field.getValue(), name, seen)) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (uses(item, name, seen)) {
          return true;
        }
      }
    }
    return false;
  }
}
