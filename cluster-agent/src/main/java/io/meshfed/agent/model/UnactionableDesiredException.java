package io.meshfed.agent.model;

/**
 * A desired membership the agent cannot act on (an unknown role, no network in a multi-network
 * mesh, a remote without its control-plane cluster). It becomes a {@code Degraded} status with
 * {@link #reason()}, never a crash.
 */
public final class UnactionableDesiredException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;

  public UnactionableDesiredException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A machine-readable reason, e.g. {@code UnknownRole}, used as the condition's reason. */
  public String reason() {
    return reason;
  }
}
