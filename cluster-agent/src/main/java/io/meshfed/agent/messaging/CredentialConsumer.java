package io.meshfed.agent.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code meshfed.credentials.v1}: each member's credential record ({@code SharedCredential},
 * key = the sending cluster; a tombstone once it left); an older revision is ignored. {@link
 * RecordDispatcher} hands each record to every served cluster of the sender's mesh.
 */
@ApplicationScoped
public class CredentialConsumer {

  private final RecordDispatcher dispatcher;

  public CredentialConsumer(RecordDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Incoming("credentials")
  public void consume(ConsumerRecord<String, byte[]> record) {
    dispatcher.credential(record);
  }
}
