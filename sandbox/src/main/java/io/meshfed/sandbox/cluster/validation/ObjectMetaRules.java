package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checks every kind's {@code metadata} gets on create and update: name (or generateName) in the
 * kind's format, namespace, generation, label keys and values, annotation keys and total size,
 * owner references, finalizers. Mirrors k8s.io/apimachinery/pkg/api/validation/objectmeta.go
 * (ValidateObjectMetaAccessor, ValidateObjectMetaAccessorUpdate), k8s.io/apimachinery/pkg/apis/
 * meta/v1/validation/validation.go (ValidateLabels) and, for built-in kinds, the finalizer rule of
 * k8s.io/kubernetes/pkg/apis/core/validation/validation.go (validateKubeFinalizerName).
 */
final class ObjectMetaRules {

  /** The most bytes all annotations' keys and values may take together. */
  static final int ANNOTATIONS_LIMIT = 256 * 1024;

  private static final Set<String> STANDARD_FINALIZERS =
      Set.of("kubernetes", "orphan", "foregroundDeletion");

  private ObjectMetaRules() {}

  /**
   * @param old the stored object on an update, null on a create
   */
  static List<FieldError> validate(ObjectNode object, ObjectNode old, ResourceKind kind) {
    FieldPath at = FieldPath.of("metadata");
    ObjectNode meta = Json.object(object.get("metadata"), at);
    if (meta == null) {
      meta = object.objectNode();
    }
    List<FieldError> errs = new ArrayList<>();
    if (old == null) {
      name(meta, kind, at, errs);
    }
    String namespace = Json.text(meta.get("namespace"), at.child("namespace"));
    if (kind.namespaced()) {
      if (namespace == null || namespace.isEmpty()) {
        errs.add(FieldError.required(at.child("namespace"), ""));
      } else {
        NameRules.dns1123Label(namespace)
            .forEach(m -> errs.add(FieldError.invalid(at.child("namespace"), namespace, m)));
      }
    } else if (namespace != null && !namespace.isEmpty()) {
      errs.add(FieldError.forbidden(at.child("namespace"), "not allowed on this type"));
    }
    Long generation = Json.integer(meta.get("generation"), at.child("generation"));
    if (generation != null && generation < 0) {
      errs.add(
          FieldError.invalid(
              at.child("generation"), generation, "must be greater than or equal to 0"));
    }
    labelMap(Json.stringMap(meta.get("labels"), at.child("labels")), at.child("labels"), errs);
    annotations(meta, at.child("annotations"), errs);
    ownerReferences(meta, at.child("ownerReferences"), errs);
    finalizers(meta, at.child("finalizers"), !kind.custom(), errs);
    return errs;
  }

  private static void name(
      ObjectNode meta, ResourceKind kind, FieldPath at, List<FieldError> errs) {
    String generateName = Json.text(meta.get("generateName"), at.child("generateName"));
    String name = Json.text(meta.get("name"), at.child("name"));
    if (generateName != null && !generateName.isEmpty()) {
      kind.nameRule()
          .check(generateName, true)
          .forEach(m -> errs.add(FieldError.invalid(at.child("generateName"), generateName, m)));
    }
    if (name == null || name.isEmpty()) {
      if (generateName == null || generateName.isEmpty()) {
        errs.add(FieldError.required(at.child("name"), "name or generateName is required"));
      }
    } else {
      kind.nameRule()
          .check(name, false)
          .forEach(m -> errs.add(FieldError.invalid(at.child("name"), name, m)));
    }
  }

  /** Every label key is a qualified name and every value a label value; errors name the map. */
  static void labelMap(Map<String, String> labels, FieldPath at, List<FieldError> errs) {
    labels.forEach(
        (k, v) -> {
          NameRules.qualifiedName(k).forEach(m -> errs.add(FieldError.invalid(at, k, m)));
          NameRules.labelValue(v).forEach(m -> errs.add(FieldError.invalid(at, v, m)));
        });
  }

  private static void annotations(JsonNode meta, FieldPath at, List<FieldError> errs) {
    Map<String, String> annotations = Json.stringMap(meta.get("annotations"), at);
    long size = 0;
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      String key = e.getKey();
      NameRules.qualifiedName(key.toLowerCase(Locale.ROOT))
          .forEach(m -> errs.add(FieldError.invalid(at, key, m)));
      size += NameRules.utf8Length(key) + NameRules.utf8Length(e.getValue());
    }
    if (size > ANNOTATIONS_LIMIT) {
      errs.add(FieldError.tooLong(at, ANNOTATIONS_LIMIT));
    }
  }

  private static void ownerReferences(JsonNode meta, FieldPath at, List<FieldError> errs) {
    for (JsonNode ref : Json.array(meta.get("ownerReferences"), at)) {
      String apiVersion = orEmpty(Json.text(ref.get("apiVersion"), at.child("apiVersion")));
      if (apiVersion.isEmpty() || apiVersion.endsWith("/")) {
        errs.add(
            FieldError.invalid(at.child("apiVersion"), apiVersion, "version must not be empty"));
      }
      for (String field : List.of("kind", "name", "uid")) {
        String value = orEmpty(Json.text(ref.get(field), at.child(field)));
        if (value.isEmpty()) {
          errs.add(FieldError.invalid(at.child(field), value, "must not be empty"));
        }
      }
    }
  }

  private static void finalizers(
      JsonNode meta, FieldPath at, boolean builtIn, List<FieldError> errs) {
    for (String finalizer : Json.strings(meta.get("finalizers"), at)) {
      List<String> msgs = NameRules.qualifiedName(finalizer);
      msgs.forEach(m -> errs.add(FieldError.invalid(at, finalizer, m)));
      if (msgs.isEmpty()
          && builtIn
          && !finalizer.contains("/")
          && !STANDARD_FINALIZERS.contains(finalizer)) {
        errs.add(
            FieldError.invalid(
                at,
                finalizer,
                "name is neither a standard finalizer name nor is it fully qualified"));
      }
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
