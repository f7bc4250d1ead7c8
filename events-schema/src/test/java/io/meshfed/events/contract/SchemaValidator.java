package io.meshfed.events.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.meshfed.events.EventType;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates event bodies against the contract's JSON Schemas, loaded from the classpath (their
 * {@code $id} prefix maps to {@code schemas/}), offline, with {@code format} asserted.
 */
final class SchemaValidator {

  static final String ID_PREFIX = "https://meshfed.io/schemas/v1/";

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder -> builder.schemaMappers(m -> m.mapPrefix(ID_PREFIX, "classpath:schemas/")));

  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .formatAssertionsEnabled(true)
          .pathType(PathType.LEGACY)
          .build();

  /** Keywords whose error is about a property of the object at the instance location. */
  private static final Set<String> PROPERTY_KEYWORDS =
      Set.of("required", "additionalProperties", "unevaluatedProperties", "propertyNames");

  private static final Map<EventType, JsonSchema> SCHEMAS = new EnumMap<>(EventType.class);

  private SchemaValidator() {}

  /** One schema error: the JSON path of the field it is about, and the validator's message. */
  record SchemaError(String field, String keyword, String message) {}

  /** The errors of a body, sorted by field; empty when it is valid. */
  static List<SchemaError> validate(EventType type, JsonNode body) {
    return schema(type).validate(body).stream()
        .map(SchemaValidator::toError)
        .distinct()
        .sorted(Comparator.comparing(SchemaError::field).thenComparing(SchemaError::message))
        .toList();
  }

  static synchronized JsonSchema schema(EventType type) {
    return SCHEMAS.computeIfAbsent(
        type,
        t -> FACTORY.getSchema(SchemaLocation.of(ID_PREFIX + file(t.schemaResource())), CONFIG));
  }

  private static String file(String resource) {
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  /**
   * The field an error names, as {@code EventDecodeException.field()} writes it ({@code
   * members.c1.role}, {@code eastWestAddresses[0].port}): its instance location, plus the property
   * for keywords that report a property of the object they look at.
   */
  private static SchemaError toError(ValidationMessage message) {
    String location = message.getInstanceLocation().toString();
    String path = location.equals("$") ? "" : location.substring(2);
    if (PROPERTY_KEYWORDS.contains(message.getType()) && message.getProperty() != null) {
      path = path.isEmpty() ? message.getProperty() : path + "." + message.getProperty();
    }
    return new SchemaError(path, message.getType(), message.getMessage());
  }
}
