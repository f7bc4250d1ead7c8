package io.meshfed.agent.component;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A record to send through the in-memory connector that reports whether it was acked or nacked. */
public record Tracked(
    Message<ConsumerRecord<String, byte[]>> message,
    CompletableFuture<Void> acked,
    CompletableFuture<Throwable> nacked) {

  public static Tracked of(ConsumerRecord<String, byte[]> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    CompletableFuture<Throwable> nacked = new CompletableFuture<>();
    Message<ConsumerRecord<String, byte[]>> message =
        Message.of(record)
            .withAck(
                () -> {
                  acked.complete(null);
                  return CompletableFuture.completedFuture(null);
                })
            .withNack(
                failure -> {
                  nacked.complete(failure);
                  return CompletableFuture.completedFuture(null);
                });
    return new Tracked(message, acked, nacked);
  }
}
