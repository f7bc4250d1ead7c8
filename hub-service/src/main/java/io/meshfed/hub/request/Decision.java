package io.meshfed.hub.request;

/** The outcome of deciding a request: an accepted change, or a rejection. */
public sealed interface Decision permits Accepted, Rejection {}
