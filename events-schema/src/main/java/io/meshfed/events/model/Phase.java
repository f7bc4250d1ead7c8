package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a cluster stands, as its agent reports it (and, for {@code Unreachable}, as the hub sees
 * it).
 */
public enum Phase {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Installing")
  INSTALLING,
  @JsonProperty("Ready")
  READY,
  @JsonProperty("Degraded")
  DEGRADED,
  @JsonProperty("Leaving")
  LEAVING,
  /** The agent left the mesh and removed what it had created; its last report. */
  @JsonProperty("Left")
  LEFT,
  /** Set by the hub when heartbeats stop; never reported by an agent. */
  @JsonProperty("Unreachable")
  UNREACHABLE,
  @JsonEnumDefaultValue
  @JsonProperty("Unknown")
  UNKNOWN;

  /** The name on the wire and in metrics, e.g. {@code Ready}. */
  public String wireName() {
    String n = name();
    return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
  }
}
