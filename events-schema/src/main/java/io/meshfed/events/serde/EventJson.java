package io.meshfed.events.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration of meshfed. Every module reads and writes events with it.
 *
 * <ul>
 *   <li>{@link #mapper()} tolerates unknown fields and unknown enum values (forward compatibility:
 *       a field is added, never renamed, within a {@code v1}) and rejects missing required fields
 *       with a message naming the field.
 *   <li>{@link #strictMapper()} additionally rejects unknown fields and unknown enum values. The
 *       hub reads membership requests with it, so that a typo is an error and not a silently
 *       dropped setting.
 * </ul>
 *
 * Output is deterministic: fields in record order, map keys sorted, absent and empty values left
 * out, times as ISO-8601 strings.
 */
public final class EventJson {

  private static final ObjectMapper TOLERANT = build(false);
  private static final ObjectMapper STRICT = build(true);
  private static final ObjectWriter PRETTY = TOLERANT.writer(prettyPrinter());

  private EventJson() {}

  public static ObjectMapper mapper() {
    return TOLERANT;
  }

  public static ObjectMapper strictMapper() {
    return STRICT;
  }

  /** The canonical pretty form used by golden fixtures and documentation: two spaces, "a": 1. */
  public static ObjectWriter prettyWriter() {
    return PRETTY;
  }

  /** Applies the meshfed settings to a mapper owned by a framework (e.g. Quarkus' ObjectMapper). */
  public static ObjectMapper configure(ObjectMapper mapper, boolean strict) {
    mapper.registerModule(new JavaTimeModule());
    mapper.registerModule(AbsentPrimitives.module());
    // Absent and empty values are left out, but an entry of a map is kept even when its value is
    // empty: a node selector such as {"node-role.kubernetes.io/infra": ""} means something.
    mapper.setDefaultPropertyInclusion(
        JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_NULL));
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict);
    mapper.configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE, !strict);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.disable(MapperFeature.AUTO_DETECT_IS_GETTERS);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    return mapper;
  }

  private static ObjectMapper build(boolean strict) {
    JsonMapper mapper =
        JsonMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    return configure(mapper, strict);
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }
}
