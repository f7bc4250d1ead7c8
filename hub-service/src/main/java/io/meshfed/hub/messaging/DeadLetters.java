package io.meshfed.hub.messaging;

import io.meshfed.hub.HubConfig;
import io.meshfed.hub.metrics.HubMetrics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends a record the hub cannot use to {@code meshfed.dlq.v1}: same key, value and headers, plus
 * the reason and where it came from (the header names of SmallRye's dead-letter queue), and counts
 * it. The consumer then goes on with the next record.
 */
@ApplicationScoped
public class DeadLetters {

  public static final String REASON = "dead-letter-reason";
  public static final String CAUSE = "dead-letter-cause";
  public static final String TOPIC = "dead-letter-topic";
  public static final String PARTITION = "dead-letter-partition";
  public static final String OFFSET = "dead-letter-offset";

  private static final Logger LOG = Logger.getLogger(DeadLetters.class);

  private final MutinyEmitter<Record<String, byte[]>> dlq;
  private final HubMetrics metrics;
  private final HubConfig config;

  @Inject
  public DeadLetters(
      @Channel("dlq-out") MutinyEmitter<Record<String, byte[]>> dlq,
      HubMetrics metrics,
      HubConfig config) {
    this.dlq = dlq;
    this.metrics = metrics;
    this.config = config;
  }

  /**
   * @param reason a machine-readable reason, e.g. {@code BadJson}; also the metric's tag
   * @param message what is wrong with the record, for a person
   */
  public void send(ConsumerRecord<String, byte[]> record, String reason, String message) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : record.headers()) {
      headers.add(h);
    }
    headers.add(REASON, bytes(message));
    headers.add(CAUSE, bytes(reason));
    headers.add(TOPIC, bytes(record.topic()));
    headers.add(PARTITION, bytes(Integer.toString(record.partition())));
    headers.add(OFFSET, bytes(Long.toString(record.offset())));
    LOG.warnf(
        "dead-lettering %s[%d]@%d key=%s: %s (%s)",
        record.topic(), record.partition(), record.offset(), record.key(), message, reason);
    dlq.sendMessage(
            Message.of(Record.of(record.key(), record.value()))
                .addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(record.key())
                        .withHeaders(headers)
                        .build()))
        .await()
        .atMost(config.publishTimeout());
    metrics.deadLettered(reason);
  }

  private static byte[] bytes(String s) {
    return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
  }
}
