package io.meshfed.agent.component;

import io.meshfed.events.EventType;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Builds the consumer records the hub's topics would deliver, as CloudEvents in binary mode, signed
 * by the hub ({@link TestHubKey}); {@link #unsigned} strips the signature.
 */
public final class Records {

  private static final AtomicLong OFFSETS = new AtomicLong();

  private Records() {}

  public static ConsumerRecord<String, byte[]> event(String key, MeshEvent event) {
    EventType type = EventType.of(event);
    return record(
        type.topic(),
        key,
        EventCodec.encode(event),
        KafkaEvents.headers(type, "/meshfed/hub", UUID.randomUUID().toString(), Instant.now()));
  }

  /** A record whose body is not what its CloudEvents type says. */
  public static ConsumerRecord<String, byte[]> raw(EventType type, String key, String body) {
    return record(
        type.topic(),
        key,
        body.getBytes(StandardCharsets.UTF_8),
        KafkaEvents.headers(type, "/meshfed/hub", UUID.randomUUID().toString(), Instant.now()));
  }

  public static ConsumerRecord<String, byte[]> tombstone(String topic, String key) {
    return record(topic, key, null, new RecordHeaders());
  }

  /** The record without the hub's signature headers. */
  public static ConsumerRecord<String, byte[]> unsigned(ConsumerRecord<String, byte[]> record) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.remove(io.meshfed.events.serde.CloudEventHeaders.SIGNATURE);
    headers.remove(io.meshfed.events.serde.CloudEventHeaders.KEY_ID);
    headers.remove(io.meshfed.events.serde.CloudEventHeaders.SIGNED_AT);
    return unsignedRecord(record.topic(), record.key(), record.value(), headers);
  }

  /** The record signed (over its topic, key and value) by another key than the hub's. */
  public static ConsumerRecord<String, byte[]> signedBy(
      java.security.PrivateKey other, ConsumerRecord<String, byte[]> record) {
    ConsumerRecord<String, byte[]> bare = unsigned(record);
    bare.headers()
        .add(
            io.meshfed.events.serde.CloudEventHeaders.SIGNATURE,
            io.meshfed.security.sign.HubRecordSignatures.sign(
                    other, record.topic(), record.key(), record.value())
                .getBytes(StandardCharsets.US_ASCII));
    return bare;
  }

  /**
   * A copy of a record appended to the topic again, as a Kafka writer without the hub's key can
   * replay what it read: the same key, value and headers (the hub's signature among them) at a new
   * offset.
   */
  public static ConsumerRecord<String, byte[]> copyAppended(ConsumerRecord<String, byte[]> record) {
    return unsignedRecord(
        record.topic(),
        record.key(),
        record.value(),
        new RecordHeaders(record.headers().toArray()));
  }

  private static ConsumerRecord<String, byte[]> record(
      String topic, String key, byte[] value, Headers headers) {
    return unsignedRecord(topic, key, value, TestHubKey.sign(headers, topic, key, value));
  }

  private static ConsumerRecord<String, byte[]> unsignedRecord(
      String topic, String key, byte[] value, Headers headers) {
    return new ConsumerRecord<>(
        topic,
        0,
        OFFSETS.getAndIncrement(),
        System.currentTimeMillis(),
        TimestampType.CREATE_TIME,
        -1,
        value == null ? -1 : value.length,
        key,
        value,
        headers,
        Optional.empty());
  }
}
