package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One refused field, printed as an API server prints it: {@code metadata.name: Invalid value:
 * "Default": a lowercase RFC 1123 subdomain ...} (k8s.io/apimachinery/pkg/util/validation/field/
 * errors.go: the value is quoted when it is a string, plain when it is a number or a boolean).
 *
 * @param value the refused value: a {@link String}, {@link Number}, {@link Boolean}, {@link
 *     JsonNode}, map or list; ignored for the types that leave it out
 */
record FieldError(ErrorType type, String field, Object value, String detail) {

  static FieldError required(FieldPath path, String detail) {
    return new FieldError(ErrorType.REQUIRED, path.toString(), "", detail);
  }

  static FieldError invalid(FieldPath path, Object value, String detail) {
    return new FieldError(ErrorType.INVALID, path.toString(), value, detail);
  }

  static FieldError typeInvalid(FieldPath path, Object value, String detail) {
    return new FieldError(ErrorType.TYPE_INVALID, path.toString(), value, detail);
  }

  static FieldError notSupported(FieldPath path, Object value, List<String> supported) {
    String detail =
        supported.isEmpty()
            ? ""
            : "supported values: "
                + supported.stream().map(FieldError::quote).collect(Collectors.joining(", "));
    return new FieldError(ErrorType.NOT_SUPPORTED, path.toString(), value, detail);
  }

  static FieldError duplicate(FieldPath path, Object value) {
    return new FieldError(ErrorType.DUPLICATE, path.toString(), value, "");
  }

  static FieldError forbidden(FieldPath path, String detail) {
    return new FieldError(ErrorType.FORBIDDEN, path.toString(), "", detail);
  }

  static FieldError notFound(FieldPath path, Object value) {
    return new FieldError(ErrorType.NOT_FOUND, path.toString(), value, "");
  }

  static FieldError tooLong(FieldPath path, int maxBytes) {
    return new FieldError(
        ErrorType.TOO_LONG, path.toString(), "", "must have at most " + maxBytes + " bytes");
  }

  static FieldError tooMany(FieldPath path, int actual, int max) {
    return new FieldError(
        ErrorType.TOO_MANY, path.toString(), actual, "must have at most " + max + " items");
  }

  /** The message without the field: {@code Invalid value: "x": must be ...}. */
  String body() {
    String s = type.omitsValue() ? type.words() : type.words() + ": " + render(value);
    return detail == null || detail.isEmpty() ? s : s + ": " + detail;
  }

  /** The whole message: {@code field: body}. */
  String message() {
    return field + ": " + body();
  }

  /** A value as Go's {@code %v}/{@code %q}/{@code %#v} would show it in these messages. */
  static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof JsonNode node) {
      if (node.isNull() || node.isMissingNode()) {
        return "null";
      }
      if (node.isTextual()) {
        return quote(node.asText());
      }
      if (node.isValueNode()) {
        return node.asText();
      }
      if (node.isObject() && allText(node)) {
        StringBuilder b = new StringBuilder("map[string]string{");
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          b.append(first ? "" : ", ").append(quote(e.getKey())).append(':');
          b.append(quote(e.getValue().asText()));
          first = false;
        }
        return b.append('}').toString();
      }
      return node.toString();
    }
    if (value instanceof String s) {
      return quote(s);
    }
    return String.valueOf(value);
  }

  private static boolean allText(JsonNode object) {
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      if (!e.getValue().isTextual()) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code strconv.Quote}, enough for the values of Kubernetes objects. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
