package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A cluster became a member of the mesh. */
public record ClusterJoined(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String clusterName,
    @JsonProperty(required = true) Role role,
    String network,
    @JsonProperty(required = true) long generation)
    implements DomainEvent {}
