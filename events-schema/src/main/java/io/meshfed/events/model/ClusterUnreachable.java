package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A cluster's heartbeats stopped; {@code lastSeen} is when the hub last heard from it. */
public record ClusterUnreachable(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String clusterName,
    @JsonProperty(required = true) Instant lastSeen)
    implements DomainEvent {}
