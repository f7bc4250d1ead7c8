package io.meshfed.agent.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code meshfed.desired.v1}: the desired membership of each cluster (key = cluster name). A
 * tombstone means leave the mesh; a generation older than the one held is ignored. {@link
 * RecordDispatcher} hands each record to the served cluster of its key.
 */
@ApplicationScoped
public class DesiredConsumer {

  private final RecordDispatcher dispatcher;

  public DesiredConsumer(RecordDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Incoming("desired")
  public void consume(ConsumerRecord<String, byte[]> record) {
    dispatcher.desired(record);
  }
}
