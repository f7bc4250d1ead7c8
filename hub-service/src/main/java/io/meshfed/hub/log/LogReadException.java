package io.meshfed.hub.log;

/** The membership log could not be read. */
public class LogReadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LogReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
