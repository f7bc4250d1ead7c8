package io.meshfed.agent.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers to build the nested maps of custom resources' specs, keeping key order. */
final class Trees {

  private Trees() {}

  /** A map from alternating keys and values; null values are left out. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object value = keysAndValues[i + 1];
      if (value != null) {
        map.put((String) keysAndValues[i], value);
      }
    }
    return map;
  }

  static List<Object> list(Object... items) {
    return new ArrayList<>(List.of(items));
  }
}
