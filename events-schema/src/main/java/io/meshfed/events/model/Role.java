package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** How a cluster takes part in a mesh. */
public enum Role {
  /** Runs its own istiod and watches the API servers of its peers. */
  PRIMARY,
  /** Runs no istiod; its proxies are served by the istiod of its control-plane cluster. */
  REMOTE,
  /** A role this reader does not know (written by newer code). Never written. */
  @JsonEnumDefaultValue
  UNKNOWN
}
