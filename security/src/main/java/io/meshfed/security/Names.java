package io.meshfed.security;

import java.util.regex.Pattern;

/** Checks the names that end up in certificates, kubeconfigs and signed or sealed bytes. */
public final class Names {

  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
  private static final int MAX_DNS_NAME = 253;

  private Names() {}

  /**
   * Returns {@code value} when it is a cluster name (a DNS-1123 label: at most 63 lower-case
   * letters, digits and '-', starting and ending with a letter or digit).
   *
   * @param field what the value is, named in the error
   * @throws IllegalArgumentException naming the field otherwise
   */
  public static String requireClusterName(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (value.length() > 63 || !DNS_1123_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " '"
              + value
              + "' is not a DNS-1123 label (at most 63 characters of a-z, 0-9 and '-', starting"
              + " and ending with a letter or digit)");
    }
    return value;
  }

  /**
   * Returns {@code value} when it is a DNS name as Kubernetes checks one (an RFC 1123 subdomain: at
   * most 253 characters of dot-separated DNS-1123 labels, each at most 63 characters of a-z, 0-9
   * and '-', starting and ending with a letter or digit; no wildcard, no trailing dot).
   *
   * @param field what the value is, named in the error
   * @throws IllegalArgumentException naming the field otherwise
   */
  public static String requireDnsName(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (value.length() > MAX_DNS_NAME || !DNS_1123_SUBDOMAIN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " '"
              + value
              + "' is not a DNS name (an RFC 1123 subdomain: at most 253 characters of"
              + " dot-separated labels of a-z, 0-9 and '-', each at most 63 characters and starting"
              + " and ending with a letter or digit)");
    }
    return value;
  }

  /** Returns {@code value} when it is neither null nor blank; throws naming the field otherwise. */
  public static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }
}
