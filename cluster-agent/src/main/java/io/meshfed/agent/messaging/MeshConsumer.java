package io.meshfed.agent.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code meshfed.meshes.v2}: the mesh-wide record ({@code MeshRecord}, key = mesh id); an
 * older revision is ignored. {@link RecordDispatcher} hands each record to every served cluster of
 * that mesh.
 */
@ApplicationScoped
public class MeshConsumer {

  private final RecordDispatcher dispatcher;

  public MeshConsumer(RecordDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Incoming("meshes")
  public void consume(ConsumerRecord<String, byte[]> record) {
    dispatcher.mesh(record);
  }
}
