package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an API server does with a custom resource against its structural schema, in its order: prune
 * the fields the schema does not know and the nulls of fields that are not nullable, apply the
 * schema's defaults, then check types, enums, required fields, bounds and list sizes. The object's
 * {@code apiVersion}, {@code kind} and {@code metadata} are never pruned. Mirrors
 * k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning/algorithm.go,
 * .../schema/defaulting/algorithm.go and prunenulls.go, and the checks of
 * k8s.io/kube-openapi/pkg/validation/validate as .../apiserver/validation/validation.go reports
 * them.
 */
final class SchemaValidator {

  private static final Set<String> ALWAYS_KEPT = Set.of("apiVersion", "kind", "metadata");

  private SchemaValidator() {}

  /**
   * Removes what the schema does not know.
   *
   * @return the paths of the unknown fields removed (not the nulls), e.g. {@code spec.foo}
   */
  static List<String> prune(ObjectNode object, CrdSchema root) {
    List<String> pruned = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      CrdSchema field = root.field(e.getKey());
      if (ALWAYS_KEPT.contains(e.getKey())) {
        continue;
      }
      if (field == null) {
        pruned.add(e.getKey());
        it.remove();
      } else if (e.getValue().isNull()) {
        it.remove();
      } else {
        prune(e.getValue(), field, FieldPath.of(e.getKey()), pruned);
      }
    }
    return pruned;
  }

  private static void prune(JsonNode node, CrdSchema schema, FieldPath at, List<String> pruned) {
    switch (schema.type) {
      case OBJECT -> {
        if (!node.isObject()) {
          return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          CrdSchema field = schema.field(e.getKey());
          if (field == null && !schema.known.contains(e.getKey()) && !schema.keepUnknown) {
            pruned.add(at.child(e.getKey()).toString());
            it.remove();
          } else if (e.getValue().isNull() && !schema.keepUnknown) {
            it.remove();
          } else if (field != null) {
            prune(e.getValue(), field, at.child(e.getKey()), pruned);
          }
        }
      }
      case MAP ->
          node.properties()
              .forEach(e -> prune(e.getValue(), schema.values, at.key(e.getKey()), pruned));
      case ARRAY -> {
        if (node.isArray()) {
          for (int i = 0; i < node.size(); i++) {
            prune(node.get(i), schema.items, at.index(i), pruned);
          }
        }
      }
      default -> {
        // scalars, int-or-string and any hold no fields to prune
      }
    }
  }

  /** Sets every absent field that has a default, from the root down. */
  static void applyDefaults(JsonNode node, CrdSchema schema) {
    if (schema == null) {
      return;
    }
    switch (schema.type) {
      case OBJECT -> {
        if (!node.isObject()) {
          return;
        }
        ObjectNode object = (ObjectNode) node;
        schema.fields.forEach(
            (name, field) -> {
              if (field.defaultValue != null && !object.has(name)) {
                object.set(name, field.defaultValue.deepCopy());
              }
              if (object.has(name)) {
                applyDefaults(object.get(name), field);
              }
            });
      }
      case MAP -> node.properties().forEach(e -> applyDefaults(e.getValue(), schema.values));
      case ARRAY -> node.forEach(item -> applyDefaults(item, schema.items));
      default -> {
        // scalars have nothing below them
      }
    }
  }

  /** The schema's checks on the object below its metadata. */
  static List<FieldError> validate(ObjectNode object, CrdSchema root) {
    List<FieldError> errs = new ArrayList<>();
    for (String name : root.required) {
      if (!object.has(name)) {
        errs.add(FieldError.required(FieldPath.of(name), ""));
      }
    }
    root.fields.forEach(
        (name, field) -> {
          if (object.has(name)) {
            validate(object.get(name), field, FieldPath.of(name), errs);
          }
        });
    return errs;
  }

  private static void validate(
      JsonNode node, CrdSchema schema, FieldPath at, List<FieldError> errs) {
    if (!typeMatches(node, schema.type)) {
      errs.add(
          FieldError.typeInvalid(
              at,
              typeName(node),
              at
                  + " in body must be of type "
                  + expected(schema.type)
                  + ": \""
                  + typeName(node)
                  + "\""));
      return;
    }
    switch (schema.type) {
      case OBJECT -> {
        for (String name : schema.required) {
          if (!node.has(name)) {
            errs.add(FieldError.required(at.child(name), ""));
          }
        }
        schema.fields.forEach(
            (name, field) -> {
              if (node.has(name)) {
                validate(node.get(name), field, at.child(name), errs);
              }
            });
      }
      case MAP ->
          node.properties()
              .forEach(e -> validate(e.getValue(), schema.values, at.key(e.getKey()), errs));
      case ARRAY -> array((ArrayNode) node, schema, at, errs);
      case STRING -> string(node.asText(), schema, at, errs);
      case INTEGER, NUMBER -> number(node, schema, at, errs);
      default -> {
        // booleans, int-or-string and any have no further checks
      }
    }
  }

  private static void array(ArrayNode node, CrdSchema schema, FieldPath at, List<FieldError> errs) {
    if (schema.maxItems != null && node.size() > schema.maxItems) {
      errs.add(FieldError.tooMany(at, node.size(), schema.maxItems));
    }
    if (schema.minItems != null && node.size() < schema.minItems) {
      errs.add(
          FieldError.invalid(
              at, node.size(), at + " in body should have at least " + schema.minItems + " items"));
    }
    for (int i = 0; i < node.size(); i++) {
      validate(node.get(i), schema.items, at.index(i), errs);
    }
  }

  private static void string(String value, CrdSchema schema, FieldPath at, List<FieldError> errs) {
    if (!schema.enumValues.isEmpty() && !schema.enumValues.contains(value)) {
      errs.add(FieldError.notSupported(at, value, schema.enumValues));
    }
    if ("date-time".equals(schema.format)) {
      try {
        OffsetDateTime.parse(value);
      } catch (DateTimeParseException e) {
        errs.add(
            FieldError.invalid(
                at, value, at + " in body must be of type date-time: \"" + value + "\""));
      }
    }
  }

  private static void number(JsonNode node, CrdSchema schema, FieldPath at, List<FieldError> errs) {
    if (schema.minimum != null && node.asDouble() < schema.minimum) {
      errs.add(
          FieldError.invalid(
              at, node, at + " in body should be greater than or equal to " + schema.minimum));
    }
    if (schema.maximum != null && node.asDouble() > schema.maximum) {
      errs.add(
          FieldError.invalid(
              at, node, at + " in body should be less than or equal to " + schema.maximum));
    }
  }

  private static boolean typeMatches(JsonNode node, CrdSchema.Type type) {
    return switch (type) {
      case OBJECT, MAP -> node.isObject();
      case ARRAY -> node.isArray();
      case STRING -> node.isTextual();
      case INTEGER -> node.isIntegralNumber();
      case NUMBER -> node.isNumber();
      case BOOLEAN -> node.isBoolean();
      case INT_OR_STRING -> node.isIntegralNumber() || node.isTextual();
      case ANY -> true;
    };
  }

  private static String expected(CrdSchema.Type type) {
    return switch (type) {
      case OBJECT, MAP -> "object";
      case INT_OR_STRING -> "integer,string";
      default -> type.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** The JSON type of a value as the validator names it. */
  static String typeName(JsonNode node) {
    if (node.isTextual()) {
      return "string";
    }
    if (node.isIntegralNumber()) {
      return "integer";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isBoolean()) {
      return "boolean";
    }
    if (node.isArray()) {
      return "array";
    }
    return node.isObject() ? "object" : "null";
  }
}
