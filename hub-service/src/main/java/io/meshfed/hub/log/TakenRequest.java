package io.meshfed.hub.log;

import java.time.Instant;

/**
 * A request the hub took in (accepted, or rejected after its signature verified), as its outcome
 * event on {@code meshfed.events.v1} tells.
 *
 * @param requestId the request's CloudEvent id
 * @param at when the outcome was written
 */
public record TakenRequest(String requestId, Instant at) {}
