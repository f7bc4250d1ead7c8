package io.meshfed.events.serde;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a required record component that was sent as an explicit JSON {@code null}. Jackson's
 * {@code @JsonProperty(required = true)} only checks that the field is present; {@code
 * "clusterName": null} passes it, and the JSON Schemas reject it.
 *
 * <p>Every decoded record is walked, so the walk is cheap: the components of each record type are
 * looked up once, and a path is spelled out only for the null it finds.
 */
final class RequiredFields {

  private RequiredFields() {}

  /** A record component: its name, accessor and whether it is required. */
  private record Component(String name, Method accessor, boolean required) {}

  private static final ClassValue<List<Component>> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
          List<Component> components = new ArrayList<>();
          for (RecordComponent c : type.getRecordComponents()) {
            JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
            // skips the access check on every read where the module system allows it
            c.getAccessor().trySetAccessible();
            components.add(
                new Component(
                    c.getName(), c.getAccessor(), property != null && property.required()));
          }
          return List.copyOf(components);
        }
      };

  /** The JSON path of the first required component that is null, e.g. {@code members.c1.role}. */
  static Optional<String> firstNull(Object value) {
    Deque<String> path = new ArrayDeque<>();
    if (!find(value, path)) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    for (String segment : path) {
      out.append(segment);
    }
    return Optional.of(out.charAt(0) == '.' ? out.substring(1) : out.toString());
  }

  /** Whether {@code value} holds a required null; if so, its path is pushed onto {@code path}. */
  private static boolean find(Object value, Deque<String> path) {
    if (value instanceof Record rec) {
      for (Component component : COMPONENTS.get(rec.getClass())) {
        Object child = read(rec, component);
        if ((child == null && component.required()) || (child != null && find(child, path))) {
          path.addFirst("." + component.name());
          return true;
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (find(list.get(i), path)) {
          path.addFirst("[" + i + "]");
          return true;
        }
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (find(entry.getValue(), path)) {
          path.addFirst("." + entry.getKey());
          return true;
        }
      }
    }
    return false;
  }

  private static Object read(Record rec, Component component) {
    try {
      return component.accessor().invoke(rec);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot read " + rec.getClass().getSimpleName() + "." + component.name(), e);
    }
  }
}
