package io.meshfed.agent.messaging;

import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.events.EventType;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.events.serde.KafkaEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/** Reads a consumed record as the event its topic carries, or rejects it with a reason. */
@ApplicationScoped
public class RecordReader {

  private static final Logger LOG = Logger.getLogger(RecordReader.class);

  private final AgentMetrics metrics;

  public RecordReader(AgentMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * @throws RejectedRecordException when the record is not a valid event of the expected type
   */
  public <T extends MeshEvent> T read(ConsumerRecord<String, byte[]> record, EventType expected) {
    String ceType = KafkaEvents.header(record.headers(), CloudEventHeaders.TYPE);
    if (ceType != null && !ceType.equals(expected.ceType())) {
      throw reject(
          record,
          "UnexpectedType",
          "expected " + expected.ceType() + " on " + record.topic() + ", got " + ceType);
    }
    MeshEvent event;
    try {
      event = KafkaEvents.decode(record);
    } catch (EventDecodeException e) {
      throw reject(record, e.reason(), e.getMessage());
    }
    if (!expected.recordClass().isInstance(event)) {
      throw reject(
          record,
          "UnexpectedType",
          "expected "
              + expected.ceType()
              + " on "
              + record.topic()
              + ", got "
              + EventType.of(event).ceType());
    }
    return cast(expected, event);
  }

  /** Counts, logs and builds the rejection of a record. */
  public RejectedRecordException reject(
      ConsumerRecord<String, byte[]> record, String reason, String message) {
    metrics.deadLettered(reason);
    LOG.warnf(
        "record %s-%d@%d key=%s sent to the dead-letter topic: %s",
        record.topic(), record.partition(), record.offset(), record.key(), message);
    return new RejectedRecordException(reason, message);
  }

  @SuppressWarnings("unchecked")
  private static <T extends MeshEvent> T cast(EventType expected, MeshEvent event) {
    return (T) expected.recordClass().cast(event);
  }
}
