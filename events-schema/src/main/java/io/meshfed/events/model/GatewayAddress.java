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

  /**
   * An address given as text: an IPv4 address (or one with a colon, IPv6) is an ip, else a
   * hostname.
   */
  public static GatewayAddress of(String host, int port) {
    boolean ip = host.matches("[0-9.]+") || host.contains(":");
    return ip ? new GatewayAddress(host, null, port) : new GatewayAddress(null, host, port);
  }

  /** The IP or the hostname, whichever is set. */
  @JsonIgnore
  public String host() {
    return ip != null ? ip : hostname;
  }
}
