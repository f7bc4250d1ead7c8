package io.meshfed.events.schema;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import io.meshfed.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates event bodies against the published JSON Schemas, the files under {@code schemas/} of
 * this jar: the same files a platform team validates against. Offline (every {@code $id} is
 * resolved to the jar's copy, never fetched), with {@code format} asserted. Thread-safe.
 */
public final class EventSchemas {

  /** The prefix of every schema's {@code $id}. */
  public static final String ID_PREFIX = "https://meshfed.io/schemas/v1/";

  private static final String COMMON = "common.schema.json";

  /** Keywords whose error is about a property of the object at the instance location. */
  private static final Set<String> PROPERTY_KEYWORDS =
      Set.of("required", "additionalProperties", "unevaluatedProperties", "propertyNames");

  private static final SchemaRegistry REGISTRY = registry();

  private static final Map<EventType, Schema> SCHEMAS = new EnumMap<>(EventType.class);

  private EventSchemas() {}

  /**
   * One way a body breaks its schema.
   *
   * @param field the field at fault as the rest of the contract names fields ({@code network},
   *     {@code members.c1.role}, {@code gatewayPlacement.tolerations[0].effect}); empty for the
   *     body itself
   * @param pointer the same field as a JSON pointer (RFC 6901), e.g. {@code
   *     /gatewayPlacement/tolerations/0/effect}; empty for the body itself
   * @param keyword the schema keyword that failed, e.g. {@code pattern}, {@code required}
   * @param message the validator's message, without the location
   * @param rule the {@code description} of the schema the value failed, where it has one (what a
   *     valid value looks like); null otherwise
   * @param value the value at fault when it is a string; null otherwise
   */
  public record Violation(
      String field, String pointer, String keyword, String message, String rule, String value) {}

  /** The violations of a body, sorted by field; empty when it is valid. */
  public static List<Violation> validate(EventType type, byte[] body) {
    return validate(type, new String(body, StandardCharsets.UTF_8));
  }

  /** The violations of a body, sorted by field; empty when it is valid. */
  public static List<Violation> validate(EventType type, String body) {
    return schema(type).validate(body, InputFormat.JSON).stream()
        .map(EventSchemas::toViolation)
        .distinct()
        .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
        .toList();
  }

  private static synchronized Schema schema(EventType type) {
    return SCHEMAS.computeIfAbsent(
        type, t -> REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + file(t.schemaResource()))));
  }

  private static SchemaRegistry registry() {
    // The files are read here, through this class's loader, so that no resolution depends on a
    // thread's context class loader or on the network.
    Map<String, String> files = new HashMap<>();
    files.put(ID_PREFIX + COMMON, read("/schemas/" + COMMON));
    for (EventType type : EventType.values()) {
      files.put(ID_PREFIX + file(type.schemaResource()), read(type.schemaResource()));
    }
    return SchemaRegistry.withDefaultDialect(
        SpecificationVersion.DRAFT_2020_12,
        builder ->
            builder
                .schemas(files)
                .schemaRegistryConfig(
                    SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .pathType(PathType.JSON_POINTER)
                        .build()));
  }

  private static String read(String resource) {
    try (InputStream in = EventSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("events-schema ships no " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String file(String resource) {
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  private static Violation toViolation(Error error) {
    StringBuilder field = new StringBuilder();
    StringBuilder pointer = new StringBuilder();
    NodePath location = error.getInstanceLocation();
    for (int i = 0; i < location.getNameCount(); i++) {
      append(field, pointer, location.getElement(i));
    }
    if (PROPERTY_KEYWORDS.contains(error.getKeyword()) && error.getProperty() != null) {
      append(field, pointer, error.getProperty());
    }
    return new Violation(
        field.toString(),
        pointer.toString(),
        error.getKeyword(),
        withoutLocation(error.getMessage()),
        rule(error),
        error.getInstanceNode() != null && error.getInstanceNode().isString()
            ? error.getInstanceNode().asString()
            : null);
  }

  private static void append(StringBuilder field, StringBuilder pointer, Object element) {
    if (element instanceof Integer index) {
      field.append('[').append(index).append(']');
    } else {
      if (!field.isEmpty()) {
        field.append('.');
      }
      field.append(element);
    }
    pointer.append('/').append(String.valueOf(element).replace("~", "~0").replace("/", "~1"));
  }

  private static String withoutLocation(String message) {
    if (message != null && message.startsWith("/")) {
      int colon = message.indexOf(": ");
      if (colon > 0) {
        return message.substring(colon + 2);
      }
    }
    return message;
  }

  private static String rule(Error error) {
    if (PROPERTY_KEYWORDS.contains(error.getKeyword()) || "false".equals(error.getKeyword())) {
      return null;
    }
    String location = error.getSchemaLocation() == null ? "" : error.getSchemaLocation().toString();
    int keyword = location.lastIndexOf('/');
    if (keyword < 0) {
      return null;
    }
    Schema parent = REGISTRY.getSchema(SchemaLocation.of(location.substring(0, keyword)));
    return parent.getSchemaNode().path("description").asString(null);
  }
}
