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

/** Builds the consumer records the hub's topics would deliver, as CloudEvents in binary mode. */
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

  private static ConsumerRecord<String, byte[]> record(
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
