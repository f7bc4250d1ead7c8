package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address of a cluster's east-west gateway as its LoadBalancer reports it: an IP, or a hostname
 * where the cloud gives one, with the port (15443 for cross-network traffic).
 */
public record GatewayAddress(String ip, String hostname, @JsonProperty(required = true) int port) {

  public static final int CROSS_NETWORK_PORT = 15443;

  /** The longest DNS name (RFC 1123); what a load balancer reports is never longer. */
  public static final int MAX_HOSTNAME_LENGTH = 253;

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
  private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern DNS_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  /**
   * An address goes into every primary's {@code meshNetworks}: the reader refuses what no load
   * balancer reports (an IP that is none, a name that is no DNS name, a port out of range), so a
   * cluster cannot put anything else into its peers' configuration.
   */
  public GatewayAddress {
    if ((ip == null) == (hostname == null)) {
      throw new IllegalArgumentException("exactly one of ip or hostname must be set");
    }
    if (ip != null && !isIp(ip)) {
      throw new InvalidFieldException("ip", "not an IPv4 or IPv6 address");
    }
    if (hostname != null && !isDnsName(hostname)) {
      throw new InvalidFieldException(
          "hostname",
          "not a DNS name (RFC 1123: labels of letters, digits and hyphens, at most "
              + MAX_HOSTNAME_LENGTH
              + " characters)");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidFieldException("port", "must be 1 to 65535");
    }
  }

  /** An IPv4 address in dotted-quad form, or an IPv6 address (no zone). */
  public static boolean isIp(String text) {
    if (IPV4.matcher(text).matches()) {
      return true;
    }
    if (!text.contains(":") || !IPV6_CHARACTERS.matcher(text).matches()) {
      return false;
    }
    try {
      // a literal with a colon is parsed, never looked up
      return InetAddress.getByName(text) instanceof Inet6Address;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** A DNS name of RFC 1123 labels, at most {@value #MAX_HOSTNAME_LENGTH} characters. */
  public static boolean isDnsName(String text) {
    if (text.isEmpty() || text.length() > MAX_HOSTNAME_LENGTH) {
      return false;
    }
    String[] labels = text.split("\\.", -1);
    for (String label : labels) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    // RFC 3696 (2): a top-level label is never all digits, so 10.0.0.300 is no name
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
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
    boolean ip = isIp(host);
    return ip ? new GatewayAddress(host, null, port) : new GatewayAddress(null, host, port);
  }

  /** The IP or the hostname, whichever is set. */
  @JsonIgnore
  public String host() {
    return ip != null ? ip : hostname;
  }
}
