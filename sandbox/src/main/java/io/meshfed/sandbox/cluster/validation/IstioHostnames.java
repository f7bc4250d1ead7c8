package io.meshfed.sandbox.cluster.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The host name rules of istiod's configuration validation: Istio's own DNS labels (upper case
 * allowed), wildcard domains ({@code *}, {@code *.local}), FQDNs, IP addresses, and how two host
 * names overlap. Mirrors k8s-independent helpers of istio/istio pkg/config/validation/agent/
 * validation.go (ValidateWildcardDomain, ValidateFQDN, ValidateDNS1123Labels, ValidatePort),
 * pkg/config/labels/instance.go (IsDNS1123Label, IsWildcardDNS1123Label) and pkg/config/host/
 * name.go (Matches, SubsetOf).
 */
final class IstioHostnames {

  private static final String LABEL = "[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?";
  private static final Pattern LABEL_RE = Pattern.compile(LABEL);
  private static final Pattern WILDCARD_LABEL_RE = Pattern.compile("\\*|(\\*|\\*-)?" + LABEL);
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F.]*:[0-9a-fA-F:.]*");

  private IstioHostnames() {}

  static boolean isLabel(String value) {
    return value.length() <= 63 && LABEL_RE.matcher(value).matches();
  }

  static boolean isIpAddress(String value) {
    return IPV4.matcher(value).matches() || value.length() <= 45 && IPV6.matcher(value).matches();
  }

  /** A domain with a wildcard allowed in its first label only, e.g. {@code *.local}. */
  static Optional<String> wildcardDomain(String domain) {
    Optional<String> pre = preconditions(domain);
    if (pre.isPresent()) {
      return pre;
    }
    String[] parts = domain.split("\\.", 2);
    if (parts[0].length() > 63 || !WILDCARD_LABEL_RE.matcher(parts[0]).matches()) {
      return Optional.of(
          "domain name \"" + domain + "\" invalid (label \"" + parts[0] + "\" invalid)");
    }
    return parts.length > 1 ? labels(parts[1]) : Optional.empty();
  }

  static Optional<String> fqdn(String fqdn) {
    return preconditions(fqdn).or(() -> labels(fqdn));
  }

  private static Optional<String> preconditions(String name) {
    if (name.length() > 255) {
      return Optional.of("domain name \"" + name + "\" too long (max 255)");
    }
    return name.isEmpty() ? Optional.of("empty domain name not allowed") : Optional.empty();
  }

  private static Optional<String> labels(String domain) {
    String[] parts = domain.split("\\.", -1);
    String top = parts[parts.length - 1];
    if (top.matches("[+-]?[0-9]+")) {
      return Optional.of(
          "domain name \""
              + domain
              + "\" invalid (top level domain \""
              + top
              + "\" cannot be all-numeric)");
    }
    for (int i = 0; i < parts.length; i++) {
      if (i == parts.length - 1 && parts[i].isEmpty()) {
        return Optional.empty();
      }
      if (!isLabel(parts[i])) {
        return Optional.of(
            "domain name \"" + domain + "\" invalid (label \"" + parts[i] + "\" invalid)");
      }
    }
    return Optional.empty();
  }

  static Optional<String> port(long port) {
    return port < 1 || port > 65535
        ? Optional.of("port number " + port + " must be in the range 1..65535")
        : Optional.empty();
  }

  /** Whether the two names overlap, a wildcard matching any suffix it covers. */
  static boolean matches(String n, String o) {
    boolean nw = n.startsWith("*");
    boolean ow = o.startsWith("*");
    if (nw && ow) {
      return n.length() < o.length()
          ? o.substring(1).endsWith(n.substring(1))
          : n.substring(1).endsWith(o.substring(1));
    }
    if (nw) {
      return o.endsWith(n.substring(1));
    }
    return ow ? n.endsWith(o.substring(1)) : n.equals(o);
  }

  /** Whether {@code n} names a subset of the hosts {@code o} names. */
  static boolean subsetOf(String n, String o) {
    if (o.startsWith("*")) {
      return n.startsWith("*")
          ? n.substring(1).endsWith(o.substring(1))
          : n.endsWith(o.substring(1));
    }
    return !n.startsWith("*") && n.equals(o);
  }
}
