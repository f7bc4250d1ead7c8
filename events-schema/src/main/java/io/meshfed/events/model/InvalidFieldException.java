package io.meshfed.events.model;

/**
 * A record's constructor refuses the value of one of its fields: the decoder names that field
 * within the record ({@code credential.credentialId}, not just {@code credential}).
 */
public final class InvalidFieldException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The field's name within the record that refused it. */
  public String field() {
    return field;
  }
}
