package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A request was rejected; nothing changed.
 *
 * @param reason a machine-readable reason, e.g. {@code InvalidName}, {@code UnknownControlPlane}
 * @param field the request field at fault, where there is one
 * @param message what to fix, for a person
 * @param actor who sent the request ({@code upn}, else {@code preferred_username}, else {@code sub}
 *     of its token), when its token was valid; absent when it was not
 */
public record RequestRejected(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String requestId,
    String requestType,
    String clusterName,
    @JsonProperty(required = true) String reason,
    String field,
    @JsonProperty(required = true) String message,
    String actor)
    implements DomainEvent {}
