package io.meshfed.events.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The addresses a cluster's east-west gateway may have, as the platform declared them at join: a
 * cluster whose pool is declared may report only gateway addresses inside it, so that it cannot
 * point its peers' {@code meshNetworks} at an address that is not its own. Each entry is an IP
 * address, a CIDR block ({@code 10.64.30.0/24}, {@code 2001:db8::/64}), a DNS name, or {@code *.}
 * and a DNS suffix ({@code *.elb.us-east-1.amazonaws.com}: any name under it). Pure.
 */
public final class GatewayAddressPool {

  /** The most entries a pool may have. */
  public static final int MAX_ENTRIES = 32;

  private GatewayAddressPool() {}

  /** Why a pool cannot be taken, naming the entry; empty when every entry is well formed. */
  public static Optional<String> problem(List<String> pool) {
    if (pool == null) {
      return Optional.empty();
    }
    if (pool.size() > MAX_ENTRIES) {
      return Optional.of("at most " + MAX_ENTRIES + " entries");
    }
    for (String entry : pool) {
      if (entry == null || !wellFormed(entry)) {
        return Optional.of(
            "'"
                + entry
                + "' is not an IP address, a CIDR block, a DNS name or '*.' and a DNS suffix");
      }
    }
    return Optional.empty();
  }

  /** Whether the pool admits the address; a pool that is null or empty admits every address. */
  public static boolean admits(List<String> pool, GatewayAddress address) {
    if (pool == null || pool.isEmpty()) {
      return true;
    }
    for (String entry : pool) {
      if (address.ip() != null
          ? inBlock(entry, address.ip())
          : matchesName(entry, address.hostname())) {
        return true;
      }
    }
    return false;
  }

  /** The first address the pool does not admit, if any. */
  public static Optional<GatewayAddress> firstOutside(
      List<String> pool, List<GatewayAddress> addresses) {
    return addresses.stream().filter(a -> !admits(pool, a)).findFirst();
  }

  private static boolean wellFormed(String entry) {
    if (entry.startsWith("*.")) {
      return GatewayAddress.isDnsName(entry.substring(2));
    }
    int slash = entry.indexOf('/');
    if (slash < 0) {
      return GatewayAddress.isIp(entry) || GatewayAddress.isDnsName(entry);
    }
    String ip = entry.substring(0, slash);
    if (!GatewayAddress.isIp(ip)) {
      return false;
    }
    int bits = ip.contains(":") ? 128 : 32;
    try {
      int prefix = Integer.parseInt(entry.substring(slash + 1));
      return prefix >= 0 && prefix <= bits;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean matchesName(String entry, String hostname) {
    String name = hostname.toLowerCase(Locale.ROOT);
    String e = entry.toLowerCase(Locale.ROOT);
    if (e.startsWith("*.")) {
      return name.endsWith(e.substring(1)) && name.length() > e.length() - 1;
    }
    return name.equals(e);
  }

  private static boolean inBlock(String entry, String ip) {
    if (entry.startsWith("*.")) {
      return false;
    }
    int slash = entry.indexOf('/');
    String base = slash < 0 ? entry : entry.substring(0, slash);
    if (!GatewayAddress.isIp(base)) {
      return false;
    }
    byte[] a = bytes(base);
    byte[] b = bytes(ip);
    if (a == null || b == null || a.length != b.length) {
      return false;
    }
    int prefix = slash < 0 ? a.length * 8 : Integer.parseInt(entry.substring(slash + 1));
    BigInteger mask =
        prefix == 0
            ? BigInteger.ZERO
            : BigInteger.ONE
                .shiftLeft(prefix)
                .subtract(BigInteger.ONE)
                .shiftLeft(a.length * 8 - prefix);
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
  }

  private static byte[] bytes(String ip) {
    try {
      // only literals reach here (isIp), which are parsed, never looked up
      return InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
