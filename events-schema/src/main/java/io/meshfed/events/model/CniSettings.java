package io.meshfed.events.model;

import java.util.List;

/** IstioCNI settings: {@code values.cni.cniConfDir} and {@code values.cni.excludeNamespaces}. */
public record CniSettings(String cniConfDir, List<String> excludeNamespaces) {
  public CniSettings {
    excludeNamespaces = excludeNamespaces == null ? List.of() : List.copyOf(excludeNamespaces);
  }
}
