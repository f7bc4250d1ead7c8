package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The addresses a simulated load-balancer controller hands out, in order, like a MetalLB address
 * pool ({@code 10.64.30.71-10.64.30.73}) or a cloud that names its load balancers by host name.
 *
 * @param addresses every address of the pool, in the order they are handed out; IPv4 addresses or
 *     DNS host names, not both
 */
public record AddressPool(List<String> addresses) {

  private static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern HOSTNAME =
      Pattern.compile(
          "^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$");
  private static final int MAX_SIZE = 65_536;

  public AddressPool {
    if (addresses == null || addresses.isEmpty()) {
      throw new IllegalArgumentException("an address pool needs at least one address");
    }
    if (new LinkedHashSet<>(addresses).size() != addresses.size()) {
      throw new IllegalArgumentException("an address pool lists an address twice: " + addresses);
    }
    boolean ips = isIpv4(addresses.get(0));
    for (String a : addresses) {
      if (ips ? !isIpv4(a) : !isHostname(a)) {
        throw new IllegalArgumentException(
            "'"
                + a
                + "' is not "
                + (ips ? "an IPv4 address" : "a DNS host name")
                + " like the pool's first address");
      }
    }
    addresses = List.copyOf(addresses);
  }

  /**
   * An IPv4 pool from single addresses and inclusive ranges, e.g. {@code
   * "10.64.30.71-10.64.30.73"}.
   */
  public static AddressPool ips(String... rangesOrAddresses) {
    List<String> all = new ArrayList<>();
    for (String item : rangesOrAddresses) {
      String[] bounds = item.trim().split("-", -1);
      if (bounds.length == 1) {
        all.add(ipv4(bounds[0], item));
      } else if (bounds.length == 2) {
        long first = toLong(ipv4(bounds[0], item));
        long last = toLong(ipv4(bounds[1], item));
        if (last < first || last - first >= MAX_SIZE) {
          throw new IllegalArgumentException(
              "range '" + item + "' must go upwards and hold at most " + MAX_SIZE + " addresses");
        }
        for (long a = first; a <= last; a++) {
          all.add(fromLong(a));
        }
      } else {
        throw new IllegalArgumentException(
            "'" + item + "' is neither an IPv4 address nor a range a-b");
      }
    }
    return new AddressPool(all);
  }

  /** A pool of DNS names, as some clouds give load balancers (e.g. AWS ELB). */
  public static AddressPool hostnames(String... names) {
    return new AddressPool(List.of(names));
  }

  /** True when the pool hands out IP addresses, false for host names. */
  public boolean isIpPool() {
    return isIpv4(addresses.get(0));
  }

  /**
   * The {@code status.loadBalancer.ingress} entry for an address: {@code ip} for an IPv4 address,
   * {@code hostname} otherwise.
   */
  public static LoadBalancerIngress ingressOf(String address) {
    if (isIpv4(address)) {
      return new LoadBalancerIngressBuilder().withIp(address).build();
    }
    if (isHostname(address)) {
      return new LoadBalancerIngressBuilder().withHostname(address).build();
    }
    throw new IllegalArgumentException(
        "'" + address + "' is neither an IPv4 address nor a DNS host name");
  }

  /** The address an ingress entry names: its IP, else its host name, else null. */
  public static String addressOf(LoadBalancerIngress ingress) {
    if (ingress.getIp() != null && !ingress.getIp().isBlank()) {
      return ingress.getIp();
    }
    if (ingress.getHostname() != null && !ingress.getHostname().isBlank()) {
      return ingress.getHostname();
    }
    return null;
  }

  static boolean isIpv4(String s) {
    return s != null && IPV4.matcher(s).matches();
  }

  static boolean isHostname(String s) {
    return s != null && !isIpv4(s) && HOSTNAME.matcher(s).matches();
  }

  private static String ipv4(String s, String item) {
    String trimmed = s.trim();
    if (!isIpv4(trimmed)) {
      throw new IllegalArgumentException(
          "'" + trimmed + "' in '" + item + "' is not an IPv4 address");
    }
    return trimmed;
  }

  private static long toLong(String ip) {
    long value = 0;
    for (String octet : ip.split("\\.")) {
      value = value * 256 + Integer.parseInt(octet);
    }
    return value;
  }

  private static String fromLong(long value) {
    return ((value >> 24) & 255)
        + "."
        + ((value >> 16) & 255)
        + "."
        + ((value >> 8) & 255)
        + "."
        + (value & 255);
  }
}
