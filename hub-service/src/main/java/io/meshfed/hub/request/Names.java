package io.meshfed.hub.request;

import java.util.regex.Pattern;

/** The name rules of the API: DNS-1123 labels, network names, Istio versions. */
public final class Names {

  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern ISTIO_VERSION =
      Pattern.compile("v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.-]+)?");
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
  private static final int MAX_LABEL = 63;
  private static final int MAX_DNS_NAME = 253;

  private Names() {}

  /** A DNS-1123 label: at most 63 lower-case letters, digits and '-', alphanumeric at both ends. */
  public static boolean isDns1123Label(String s) {
    return s != null && s.length() <= MAX_LABEL && DNS_1123_LABEL.matcher(s).matches();
  }

  /**
   * A DNS name as Kubernetes checks one (an RFC 1123 subdomain): dot-separated DNS-1123 labels of
   * at most 63 characters each, at most 253 characters in all; no wildcard, no trailing dot.
   */
  public static boolean isDnsName(String s) {
    return s != null && s.length() <= MAX_DNS_NAME && DNS_1123_SUBDOMAIN.matcher(s).matches();
  }

  /** A network name, used as a Kubernetes label value ({@code topology.istio.io/network}). */
  public static boolean isNetworkName(String s) {
    return s != null && s.length() <= MAX_LABEL && LABEL_VALUE.matcher(s).matches();
  }

  /** An Istio version as the Sail operator takes it, e.g. {@code v1.28.1}. */
  public static boolean isIstioVersion(String s) {
    return s != null && ISTIO_VERSION.matcher(s).matches();
  }

  /** The explanation used in every rejection of a DNS name. */
  public static String dnsNameRule() {
    return "a DNS name (an RFC 1123 subdomain): at most 253 characters of dot-separated labels of"
        + " a-z, 0-9 and '-', each at most 63 characters and starting and ending with a letter or"
        + " digit, no wildcard and no trailing dot";
  }

  /** The explanation used in every rejection of a name. */
  public static String labelRule() {
    return "a DNS-1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending with"
        + " a letter or digit";
  }
}
