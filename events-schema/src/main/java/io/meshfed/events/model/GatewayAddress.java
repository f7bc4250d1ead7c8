package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An address of a cluster's east-west gateway as its LoadBalancer reports it: an IP, or a hostname
 * where the cloud gives one, with the port (15443 for cross-network traffic).
 */
public record GatewayAddress(String ip, String hostname, @JsonProperty(required = true) int port) {

  public static final int CROSS_NETWORK_PORT = 15443;

  public GatewayAddress {
    if ((ip == null) == (hostname == null)) {
      throw new IllegalArgumentException("exactly one of ip or hostname must be set");
    }
  }

  public static GatewayAddress ip(String ip) {
    return new GatewayAddress(ip, null, CROSS_NETWORK_PORT);
  }

  public static GatewayAddress hostname(String hostname) {
    return new GatewayAddress(null, hostname, CROSS_NETWORK_PORT);
  }

  /** The IP or the hostname, whichever is set. */
  @JsonIgnore
  public String host() {
    return ip != null ? ip : hostname;
  }
}
