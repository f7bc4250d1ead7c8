package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A request was accepted and its desired state is on the log.
 *
 * @param requestId the CloudEvent id of the request
 * @param requestType the CloudEvent type of the request
 * @param clusterName the cluster it concerns, absent for a mesh declaration
 * @param generation the cluster's new desired generation (the mesh revision for a declaration)
 * @param actor who sent the request: its token's {@code upn}, else {@code preferred_username}, else
 *     {@code sub}; absent in events written before requests carried a token
 */
public record RequestAccepted(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String requestId,
    @JsonProperty(required = true) String requestType,
    String clusterName,
    @JsonProperty(required = true) long generation,
    String actor)
    implements DomainEvent {}
