package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A cluster leaves its mesh: its agent removes what it created, its peers drop its secrets. */
public record LeaveCluster(
    @JsonProperty(required = true) String meshId, @JsonProperty(required = true) String clusterName)
    implements MembershipRequest {}
