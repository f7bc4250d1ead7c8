package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code endpoints: [{fromRegistry: <cluster>}]} of a meshNetworks entry. */
public record NetworkEndpoint(@JsonProperty(required = true) String fromRegistry) {}
