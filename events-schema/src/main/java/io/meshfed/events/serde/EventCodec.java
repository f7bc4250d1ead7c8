package io.meshfed.events.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.meshfed.events.EventType;
import io.meshfed.events.model.InvalidFieldException;
import io.meshfed.events.model.MeshEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads and writes event bodies. The CloudEvents {@code type} chooses the record. */
public final class EventCodec {

  private EventCodec() {}

  public static byte[] encode(MeshEvent event) {
    try {
      return EventJson.mapper().writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + event.getClass().getSimpleName(), e);
    }
  }

  /** Decodes a body, tolerating unknown fields (forward compatibility). */
  public static MeshEvent decode(String ceType, byte[] body) throws EventDecodeException {
    return decode(ceType, body, EventJson.mapper());
  }

  /** Decodes a body and rejects unknown fields and unknown enum values (requests). */
  public static MeshEvent decodeStrict(String ceType, byte[] body) throws EventDecodeException {
    return decode(ceType, body, EventJson.strictMapper());
  }

  /** Decodes a body of a known record type, tolerating unknown fields. */
  public static <T extends MeshEvent> T decode(Class<T> type, byte[] body)
      throws EventDecodeException {
    return read(type, body, EventJson.mapper());
  }

  private static MeshEvent decode(String ceType, byte[] body, ObjectMapper mapper)
      throws EventDecodeException {
    if (ceType == null || ceType.isBlank()) {
      throw new EventDecodeException(
          "MissingType", null, "the record has no ce_type header; it names the event", null);
    }
    EventType type =
        EventType.ofCeType(ceType)
            .orElseThrow(
                () ->
                    new EventDecodeException(
                        "UnknownType", null, "unknown event type '" + ceType + "'", null));
    return read(type.recordClass(), body, mapper);
  }

  private static <T extends MeshEvent> T read(Class<T> type, byte[] body, ObjectMapper mapper)
      throws EventDecodeException {
    if (body == null || body.length == 0) {
      throw new EventDecodeException(
          "EmptyBody", null, type.getSimpleName() + ": the record has no body", null);
    }
    T event;
    try {
      event = mapper.readValue(body, type);
    } catch (IOException e) {
      throw describe(type, e);
    }
    Optional<String> nullField = RequiredFields.firstNull(event);
    if (nullField.isPresent()) {
      String field = nullField.get();
      throw new EventDecodeException(
          "MissingField",
          field,
          type.getSimpleName() + ": required field '" + field + "' is null",
          null);
    }
    return event;
  }

  static EventDecodeException describe(Class<?> type, IOException e) {
    String name = type.getSimpleName();
    if (!(e instanceof DatabindException mapping)) {
      return new EventDecodeException(
          "BadJson", null, name + ": not valid JSON: " + getOriginalMessage(e), e);
    }
    String field = path((JsonMappingException) mapping);
    String where = field == null ? "" : " '" + field + "'";
    if (e instanceof UnrecognizedPropertyException u) {
      return new EventDecodeException(
          "UnknownField",
          field,
          name + ": unknown field" + where + "; known fields: " + u.getKnownPropertyIds(),
          e);
    }
    if (e instanceof InvalidFormatException f) {
      return new EventDecodeException(
          "InvalidValue",
          field,
          name + ": field" + where + " has an invalid value '" + f.getValue() + "'",
          e);
    }
    if (e instanceof ValueInstantiationException v) {
      String cause = v.getCause() == null ? v.getOriginalMessage() : v.getCause().getMessage();
      if (v.getCause() instanceof InvalidFieldException invalid) {
        field = field == null ? invalid.field() : field + "." + invalid.field();
        where = " '" + field + "'";
      }
      return new EventDecodeException(
          "InvalidValue", field, name + ": field" + where + " is invalid: " + cause, e);
    }
    String original = ((JsonMappingException) mapping).getOriginalMessage();
    if (e instanceof MismatchedInputException && original.startsWith("Missing required")) {
      String missing = missingProperty(original);
      String full =
          field == null ? missing : field.endsWith(missing) ? field : field + "." + missing;
      return new EventDecodeException(
          "MissingField", full, name + ": required field '" + full + "' is missing", e);
    }
    return new EventDecodeException(
        "InvalidValue", field, name + ": field" + where + ": " + firstLine(original), e);
  }

  private static String missingProperty(String message) {
    int start = message.indexOf('\'');
    int end = message.indexOf('\'', start + 1);
    return start >= 0 && end > start ? message.substring(start + 1, end) : "?";
  }

  private static String path(JsonMappingException e) {
    if (e.getPath().isEmpty()) {
      return null;
    }
    String joined =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining());
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String getOriginalMessage(IOException e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }
}
