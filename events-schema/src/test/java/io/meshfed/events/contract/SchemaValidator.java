package io.meshfed.events.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshfed.events.EventType;
import io.meshfed.events.schema.EventSchemas;
import java.util.List;

/** Validates event bodies against the contract's JSON Schemas with {@link EventSchemas}. */
final class SchemaValidator {

  static final String ID_PREFIX = EventSchemas.ID_PREFIX;

  private SchemaValidator() {}

  /** One schema error: the path of the field it is about, and the validator's message. */
  record SchemaError(String field, String keyword, String message) {}

  /** The errors of a body, sorted by field; empty when it is valid. */
  static List<SchemaError> validate(EventType type, JsonNode body) {
    return EventSchemas.validate(type, body.toString()).stream()
        .map(v -> new SchemaError(v.field(), v.keyword(), v.field() + ": " + v.message()))
        .distinct()
        .toList();
  }
}
