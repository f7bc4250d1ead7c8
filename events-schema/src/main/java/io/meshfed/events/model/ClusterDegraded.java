package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A cluster's agent reports Degraded, with the reason of its failing condition. */
public record ClusterDegraded(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String clusterName,
    @JsonProperty(required = true) String reason,
    String message)
    implements DomainEvent {}
