package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One node of a custom resource's structural schema, in this project's own compact form (the files
 * under {@code src/main/resources/validation/}). A node has a {@code type}: {@code object} (named
 * {@code fields}; unknown ones are pruned unless {@code keepUnknown}, as
 * x-kubernetes-preserve-unknown-fields does; {@code known} lists names kept as they are,
 * unchecked), {@code map} (any keys, {@code values} of one schema), {@code array} ({@code items},
 * {@code minItems}, {@code maxItems}), {@code string} ({@code enum}, {@code enumFrom} a list file,
 * {@code format: date-time}), {@code integer} or {@code number} ({@code minimum}, {@code maximum}),
 * {@code boolean}, {@code int-or-string} or {@code any}; and optionally a {@code default} and, for
 * objects, {@code required} fields.
 */
final class CrdSchema {

  enum Type {
    OBJECT,
    MAP,
    ARRAY,
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    INT_OR_STRING,
    ANY
  }

  private static final Set<String> KEYS =
      Set.of(
          "type",
          "fields",
          "known",
          "keepUnknown",
          "required",
          "values",
          "items",
          "minItems",
          "maxItems",
          "enum",
          "enumFrom",
          "minimum",
          "maximum",
          "format",
          "default",
          "note");
  private static final YAMLMapper YAML = new YAMLMapper();

  final Type type;
  final Map<String, CrdSchema> fields;
  final Set<String> known;
  final boolean keepUnknown;
  final List<String> required;
  final CrdSchema values;
  final CrdSchema items;
  final Integer minItems;
  final Integer maxItems;
  final List<String> enumValues;
  final Long minimum;
  final Long maximum;
  final String format;
  final JsonNode defaultValue;

  private CrdSchema(JsonNode n, String where) {
    n.fieldNames()
        .forEachRemaining(
            k -> {
              if (!KEYS.contains(k)) {
                throw new IllegalStateException("unknown schema key " + k + " at " + where);
              }
            });
    type = Type.valueOf(n.path("type").asText("any").replace('-', '_').toUpperCase(Locale.ROOT));
    Map<String, CrdSchema> f = new LinkedHashMap<>();
    n.path("fields")
        .properties()
        .forEach(e -> f.put(e.getKey(), new CrdSchema(e.getValue(), where + "." + e.getKey())));
    fields = Collections.unmodifiableMap(f);
    known = strings(n.path("known"));
    keepUnknown = n.path("keepUnknown").asBoolean(false);
    required = List.copyOf(strings(n.path("required")));
    values = n.has("values") ? new CrdSchema(n.get("values"), where + "[*]") : null;
    items = n.has("items") ? new CrdSchema(n.get("items"), where + "[]") : null;
    minItems = n.has("minItems") ? n.get("minItems").asInt() : null;
    maxItems = n.has("maxItems") ? n.get("maxItems").asInt() : null;
    List<String> e = new ArrayList<>(strings(n.path("enum")));
    if (n.has("enumFrom")) {
      e.addAll(strings(read("validation/" + n.get("enumFrom").asText() + ".yaml")));
    }
    enumValues = List.copyOf(e);
    minimum = n.has("minimum") ? n.get("minimum").asLong() : null;
    maximum = n.has("maximum") ? n.get("maximum").asLong() : null;
    format = n.has("format") ? n.get("format").asText() : null;
    defaultValue = n.get("default");
    if (type == Type.OBJECT && fields.isEmpty() && known.isEmpty() && !keepUnknown) {
      throw new IllegalStateException("object without fields at " + where);
    }
  }

  /** The schema of a resource file, e.g. {@code validation/sail-istio.yaml}. */
  static CrdSchema load(String resource) {
    return new CrdSchema(read(resource), resource);
  }

  private static JsonNode read(String resource) {
    try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + resource);
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static Set<String> strings(JsonNode list) {
    Set<String> out = new LinkedHashSet<>();
    list.forEach(v -> out.add(v.asText()));
    return Collections.unmodifiableSet(out);
  }

  /** The schema of a field of this object, or null when the object does not declare it. */
  CrdSchema field(String name) {
    return fields.get(name);
  }

  @Override
  public String toString() {
    return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
