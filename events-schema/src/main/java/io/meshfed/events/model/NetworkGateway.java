package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code gateways: [{address, port}]} of a meshNetworks entry: an IP or a hostname. */
public record NetworkGateway(
    @JsonProperty(required = true) String address, @JsonProperty(required = true) int port) {}
