package io.meshfed.events.serde;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a required record component that was sent as an explicit JSON {@code null}. Jackson's
 * {@code @JsonProperty(required = true)} only checks that the field is present; {@code
 * "clusterName": null} passes it, and the JSON Schemas reject it.
 */
final class RequiredFields {

  private RequiredFields() {}

  /** The JSON path of the first required component that is null, e.g. {@code members.c1.role}. */
  static Optional<String> firstNull(Object value) {
    return firstNull(value, "");
  }

  private static Optional<String> firstNull(Object value, String path) {
    if (value instanceof Record rec) {
      for (RecordComponent component : rec.getClass().getRecordComponents()) {
        Object child = read(rec, component);
        String childPath = path.isEmpty() ? component.getName() : path + "." + component.getName();
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        if (child == null && property != null && property.required()) {
          return Optional.of(childPath);
        }
        Optional<String> nested = firstNull(child, childPath);
        if (nested.isPresent()) {
          return nested;
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Optional<String> nested = firstNull(list.get(i), path + "[" + i + "]");
        if (nested.isPresent()) {
          return nested;
        }
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        Optional<String> nested = firstNull(entry.getValue(), path + "." + entry.getKey());
        if (nested.isPresent()) {
          return nested;
        }
      }
    }
    return Optional.empty();
  }

  private static Object read(Record rec, RecordComponent component) {
    try {
      return component.getAccessor().invoke(rec);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot read " + rec.getClass().getSimpleName() + "." + component.getName(), e);
    }
  }
}
