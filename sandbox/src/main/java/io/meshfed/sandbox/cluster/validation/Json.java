package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of the fields of built-in kinds. A value of the wrong JSON type is what Go's decoder
 * refuses before any validation runs: {@link DecodeException}, answered 400 by the dispatcher. A
 * missing field and {@code null} read as absent.
 */
final class Json {

  private Json() {}

  /** Thrown when a field's JSON type cannot be decoded into the field's Go type. */
  static final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DecodeException(String message) {
      super(message);
    }

    DecodeException(JsonNode value, FieldPath path, String goType) {
      super(
          "json: cannot unmarshal "
              + jsonKind(value)
              + " into Go struct field "
              + path
              + " of type "
              + goType);
    }
  }

  static boolean absent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }

  static String text(JsonNode node, FieldPath path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      throw new DecodeException(node, path, "string");
    }
    return node.asText();
  }

  static Long integer(JsonNode node, FieldPath path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      throw new DecodeException(node, path, "int32");
    }
    return node.asLong();
  }

  static Boolean bool(JsonNode node, FieldPath path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isBoolean()) {
      throw new DecodeException(node, path, "bool");
    }
    return node.asBoolean();
  }

  static ObjectNode object(JsonNode node, FieldPath path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      throw new DecodeException(node, path, "struct");
    }
    return (ObjectNode) node;
  }

  static List<JsonNode> array(JsonNode node, FieldPath path) {
    if (absent(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new DecodeException(node, path, "[]");
    }
    List<JsonNode> items = new ArrayList<>();
    node.forEach(items::add);
    return items;
  }

  static List<String> strings(JsonNode node, FieldPath path) {
    List<String> out = new ArrayList<>();
    List<JsonNode> items = array(node, path);
    for (int i = 0; i < items.size(); i++) {
      String s = text(items.get(i), path.index(i));
      out.add(s == null ? "" : s);
    }
    return out;
  }

  /** A {@code map[string]string} such as labels, annotations or a selector, in input order. */
  static Map<String, String> stringMap(JsonNode node, FieldPath path) {
    Map<String, String> out = new LinkedHashMap<>();
    ObjectNode object = object(node, path);
    if (object != null) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        String value = text(e.getValue(), path.key(e.getKey()));
        out.put(e.getKey(), value == null ? "" : value);
      }
    }
    return out;
  }

  /** An {@code IntOrString}: a {@link Long}, a {@link String}, or null when absent. */
  static Object intOrString(JsonNode node, FieldPath path) {
    if (absent(node)) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isTextual()) {
      return node.asText();
    }
    throw new DecodeException(node, path, "intstr.IntOrString");
  }

  static String jsonKind(JsonNode node) {
    if (node.isTextual()) {
      return "string";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    if (node.isArray()) {
      return "array";
    }
    return node.isObject() ? "object" : "null";
  }
}
