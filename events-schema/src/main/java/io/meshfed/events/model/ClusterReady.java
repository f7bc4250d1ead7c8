package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A cluster's agent reports Ready at the given generation. */
public record ClusterReady(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String clusterName,
    @JsonProperty(required = true) long observedGeneration)
    implements DomainEvent {}
