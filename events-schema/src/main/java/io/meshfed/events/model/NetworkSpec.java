package io.meshfed.events.model;

import java.util.List;

/** One network of {@code values.global.meshNetworks}: its clusters and its east-west gateways. */
public record NetworkSpec(List<NetworkEndpoint> endpoints, List<NetworkGateway> gateways) {
  public NetworkSpec {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    gateways = gateways == null ? List.of() : List.copyOf(gateways);
  }
}
