package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A status condition in the Kubernetes style: type, status, machine reason, human message. */
public record Condition(
    @JsonProperty(required = true) String type,
    @JsonProperty(required = true) String status,
    String reason,
    String message,
    Instant lastTransitionTime) {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  public boolean isTrue() {
    return TRUE.equals(status);
  }
}
