package io.meshfed.events.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where the east-west gateway pods run: a node selector and tolerations. */
public record GatewayPlacement(Map<String, String> nodeSelector, List<Toleration> tolerations) {
  public GatewayPlacement {
    nodeSelector =
        nodeSelector == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new TreeMap<>(nodeSelector));
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
  }

  public static GatewayPlacement none() {
    return new GatewayPlacement(Map.of(), List.of());
  }

  public boolean isEmpty() {
    return nodeSelector.isEmpty() && tolerations.isEmpty();
  }
}
