package io.meshfed.events.serde;

import java.util.Optional;

/**
 * A record that cannot be read as the event its type names. The message says what is wrong and,
 * where there is one, names the field; consumers send the record to the dead-letter topic with it.
 */
public final class EventDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final String field;

  public EventDecodeException(String reason, String field, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.field = field;
  }

  /** A machine-readable reason: {@code UnknownType}, {@code MissingField}, {@code BadJson}, ... */
  public String reason() {
    return reason;
  }

  /** The JSON path of the field at fault, e.g. {@code gatewayPlacement.tolerations[0].key}. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
