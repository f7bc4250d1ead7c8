package io.meshfed.sandbox.cluster.validation;

/**
 * The kinds of field error an API server reports, with the cause type it puts into a {@code Status}
 * and the words it prints (k8s.io/apimachinery/pkg/util/validation/field/errors.go).
 */
enum ErrorType {
  NOT_FOUND("FieldValueNotFound", "Not found"),
  REQUIRED("FieldValueRequired", "Required value"),
  DUPLICATE("FieldValueDuplicate", "Duplicate value"),
  INVALID("FieldValueInvalid", "Invalid value"),
  NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
  FORBIDDEN("FieldValueForbidden", "Forbidden"),
  TOO_LONG("FieldValueTooLong", "Too long"),
  TOO_MANY("FieldValueTooMany", "Too many"),
  TYPE_INVALID("FieldValueTypeInvalid", "Invalid value");

  private final String cause;
  private final String words;

  ErrorType(String cause, String words) {
    this.cause = cause;
    this.words = words;
  }

  /** The {@code reason} of a status cause, e.g. {@code FieldValueInvalid}. */
  String cause() {
    return cause;
  }

  /** How the error starts in a message, e.g. {@code Invalid value}. */
  String words() {
    return words;
  }

  /** Whether the message leaves the bad value out (required, forbidden, too long). */
  boolean omitsValue() {
    return this == REQUIRED || this == FORBIDDEN || this == TOO_LONG;
  }
}
