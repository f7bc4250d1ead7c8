package io.meshfed.sandbox.cluster.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The string formats of the Kubernetes API, each answering the messages an API server gives for a
 * value that is not of the format (none when it is). Mirrors
 * k8s.io/apimachinery/pkg/util/validation/validation.go (DNS labels and subdomains, port names,
 * config keys, environment variable names), k8s.io/apimachinery/pkg/api/validate/content/kube.go
 * (label keys and values) and k8s.io/apimachinery/pkg/api/validation/path/name.go (path segments).
 */
final class NameRules {

  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN = LABEL + "(\\." + LABEL + ")*";
  private static final String DNS1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final String KEY_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String LABEL_VALUE = "(" + KEY_NAME + ")?";
  private static final String CONFIG_KEY = "[-._a-zA-Z0-9]+";

  private static final Pattern LABEL_RE = Pattern.compile(LABEL);
  private static final Pattern SUBDOMAIN_RE = Pattern.compile(SUBDOMAIN);
  private static final Pattern DNS1035_RE = Pattern.compile(DNS1035);
  private static final Pattern KEY_NAME_RE = Pattern.compile(KEY_NAME);
  private static final Pattern LABEL_VALUE_RE = Pattern.compile(LABEL_VALUE);
  private static final Pattern CONFIG_KEY_RE = Pattern.compile(CONFIG_KEY);

  private NameRules() {}

  static List<String> dns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) {
      errs.add(maxLen(63));
    }
    if (!LABEL_RE.matcher(value).matches()) {
      errs.add(
          SUBDOMAIN_RE.matcher(value).matches()
              ? "must not contain dots"
              : regexError(
                  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
                      + " '-', and must start and end with an alphanumeric character",
                  LABEL,
                  "my-name",
                  "123-abc"));
    }
    return errs;
  }

  static List<String> dns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 253) {
      errs.add(maxLen(253));
    }
    if (!SUBDOMAIN_RE.matcher(value).matches()) {
      errs.add(
          regexError(
              "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                  + " '-' or '.', and must start and end with an alphanumeric character",
              SUBDOMAIN,
              "example.com"));
    }
    return errs;
  }

  static List<String> dns1035Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) {
      errs.add(maxLen(63));
    }
    if (!DNS1035_RE.matcher(value).matches()) {
      errs.add(
          regexError(
              "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start"
                  + " with an alphabetic character, and end with an alphanumeric character",
              DNS1035,
              "my-name",
              "abc-123"));
    }
    return errs;
  }

  /** A label key, annotation key or other "qualified name": {@code [prefix/]name}. */
  static List<String> qualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      name = parts[1];
      if (parts[0].isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        dns1123Subdomain(parts[0]).forEach(m -> errs.add("prefix part " + m));
      }
    } else {
      errs.add(
          "a valid label key "
              + regexError(
                  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
                      + " with an alphanumeric character",
                  KEY_NAME,
                  "MyName",
                  "my.name",
                  "123-abc")
              + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (name.length() > 63) {
      errs.add("name part " + maxLen(63));
    }
    if (!KEY_NAME_RE.matcher(name).matches()) {
      errs.add(
          "name part "
              + regexError(
                  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
                      + " with an alphanumeric character",
                  KEY_NAME,
                  "MyName",
                  "my.name",
                  "123-abc"));
    }
    return errs;
  }

  static List<String> labelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) {
      errs.add(maxLen(63));
    }
    if (!LABEL_VALUE_RE.matcher(value).matches()) {
      errs.add(
          regexError(
              "a valid label must be an empty string or consist of alphanumeric characters, '-',"
                  + " '_' or '.', and must start and end with an alphanumeric character",
              LABEL_VALUE,
              "MyValue",
              "my_value",
              "12345"));
    }
    return errs;
  }

  /** A key of a ConfigMap's or Secret's {@code data}. */
  static List<String> configMapKey(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 253) {
      errs.add(maxLen(253));
    }
    if (!CONFIG_KEY_RE.matcher(value).matches()) {
      errs.add(
          regexError(
              "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
              CONFIG_KEY,
              "key.name",
              "KEY_NAME",
              "key-name"));
    }
    if (value.equals(".")) {
      errs.add("must not be '.'");
    } else if (value.equals("..")) {
      errs.add("must not be '..'");
    } else if (value.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }

  /** A container port name (IANA service name): at most 15 of a-z, 0-9 and '-'. */
  static List<String> portName(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 15) {
      errs.add(maxLen(15));
    }
    if (!value.matches("[-a-z0-9]+")) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!value.matches(".*[a-z].*")) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (value.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!value.isEmpty() && (value.startsWith("-") || value.endsWith("-"))) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  /** A name that is one segment of a URL path: the only rule of RBAC objects' names. */
  static List<String> pathSegment(String value) {
    if (value.equals(".") || value.equals("..")) {
      return List.of("may not be '" + value + "'");
    }
    List<String> errs = new ArrayList<>();
    for (String illegal : List.of("/", "%")) {
      if (value.contains(illegal)) {
        errs.add("may not contain '" + illegal + "'");
      }
    }
    return errs;
  }

  /** An environment variable name, as relaxed since Kubernetes 1.32: printable ASCII but '='. */
  static List<String> envVarName(String value) {
    if (value.isEmpty()) {
      return List.of("environment variable name must be non-empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0x7e || c < 0x20 || c == '=') {
        return List.of(
            "a valid environment variable name must consist only of printable ASCII characters"
                + " other than '='");
      }
    }
    return List.of();
  }

  /** A domain with at least three segments, as webhook names must be. */
  static List<String> fullyQualifiedName(String value) {
    List<String> errs = dns1123Subdomain(value);
    if (errs.isEmpty() && value.split("\\.").length < 3) {
      errs.add("should be a domain with at least three segments separated by dots");
    }
    return errs;
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  static String maxLen(int n) {
    return "must be no more than " + n + " characters";
  }

  private static String regexError(String msg, String regex, String... examples) {
    StringBuilder b = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      b.append(i > 0 ? " or " : "").append('\'').append(examples[i]).append("', ");
    }
    return b.append("regex used for validation is '").append(regex).append("')").toString();
  }
}
