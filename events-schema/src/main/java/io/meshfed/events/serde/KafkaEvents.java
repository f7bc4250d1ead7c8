package io.meshfed.events.serde;

import io.meshfed.events.EventType;
import io.meshfed.events.model.MeshEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds and reads meshfed CloudEvents as plain Kafka records (binary content mode). */
public final class KafkaEvents {

  private KafkaEvents() {}

  /** A record for the event's own topic, keyed as the contract says, with CloudEvents headers. */
  public static ProducerRecord<String, byte[]> record(String key, MeshEvent event, String source) {
    return record(key, event, source, UUID.randomUUID().toString(), Instant.now());
  }

  public static ProducerRecord<String, byte[]> record(
      String key, MeshEvent event, String source, String id, Instant time) {
    EventType type = EventType.of(event);
    Headers headers = headers(type, source, id, time);
    return new ProducerRecord<>(type.topic(), null, key, EventCodec.encode(event), headers);
  }

  /** A tombstone: a null value on a compacted topic deletes the key. */
  public static ProducerRecord<String, byte[]> tombstone(String topic, String key) {
    return new ProducerRecord<>(topic, key, null);
  }

  public static Headers headers(EventType type, String source, String id, Instant time) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_1_0));
    headers.add(CloudEventHeaders.ID, bytes(id));
    headers.add(CloudEventHeaders.SOURCE, bytes(source));
    headers.add(CloudEventHeaders.TYPE, bytes(type.ceType()));
    headers.add(CloudEventHeaders.TIME, bytes(time.toString()));
    headers.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
    return headers;
  }

  /** Reads a record's body as the event its {@code ce_type} names; tolerant of unknown fields. */
  public static MeshEvent decode(ConsumerRecord<String, byte[]> record)
      throws EventDecodeException {
    return EventCodec.decode(header(record.headers(), CloudEventHeaders.TYPE), record.value());
  }

  /** The last value of a header as UTF-8, or null. */
  public static String header(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
