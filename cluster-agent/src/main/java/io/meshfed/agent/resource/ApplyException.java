package io.meshfed.agent.resource;

/**
 * An API call on one object failed. {@link #reason()} is the API server's reason (e.g. {@code
 * Forbidden}) and becomes the reason of the status condition.
 */
public final class ApplyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ObjectRef ref;
  private final String reason;

  public ApplyException(ObjectRef ref, String reason, String message, Throwable cause) {
    super(message, cause);
    this.ref = ref;
    this.reason = reason;
  }

  public ObjectRef ref() {
    return ref;
  }

  public String reason() {
    return reason;
  }
}
