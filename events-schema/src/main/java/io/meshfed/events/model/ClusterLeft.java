package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A cluster left the mesh. */
public record ClusterLeft(
    @JsonProperty(required = true) String meshId, @JsonProperty(required = true) String clusterName)
    implements DomainEvent {}
