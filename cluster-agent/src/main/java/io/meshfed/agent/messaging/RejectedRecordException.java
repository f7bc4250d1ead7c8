package io.meshfed.agent.messaging;

/**
 * A record the agent cannot read. Thrown from a consumer, it nacks the record, which the Kafka
 * connector's dead-letter-queue strategy sends to {@code meshfed.dlq.v1}; the message is the reason
 * recorded there. The consumer goes on with the next record.
 */
public final class RejectedRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  public RejectedRecordException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Machine-readable, used as the metric tag, e.g. {@code MissingField}. */
  public String reason() {
    return reason;
  }
}
