package io.meshfed.hub.support;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.security.sign.RecordSigner;
import io.meshfed.security.sign.SigningKeys;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Builds consumer records as the broker delivers them, and reads what the hub sent. */
public final class Records {

  private static final AtomicLong OFFSETS = new AtomicLong();

  /**
   * The last sequence given to a status, for all clusters at once, as an agent numbers its reports:
   * the greater of the previous one plus one and the current epoch milliseconds.
   */
  private static final AtomicLong SEQUENCES = new AtomicLong();

  private Records() {}

  /** A request record as the platform team with group mesh-admin signs it. */
  public static ConsumerRecord<String, byte[]> request(
      String key, MeshEvent event, String id, Instant time) {
    return request(key, event, id, time, TestSigners.PLATFORM_TEAM);
  }

  /**
   * A request record signed with a platform team's key.
   *
   * @param signer the key; null for an unsigned request
   */
  public static ConsumerRecord<String, byte[]> request(
      String key, MeshEvent event, String id, Instant time, TestSigners.Signer signer) {
    Headers headers = KafkaEvents.headers(EventType.of(event), "/test", id, time);
    byte[] value = EventCodec.encode(event);
    if (signer != null) {
      signer.sign(headers, key, value);
    }
    return consumerRecord(Topics.REQUESTS, key, value, headers);
  }

  /**
   * A status record as an agent writes it: signed with the key of the cluster it names, with a
   * greater sequence than any before unless the status carries one.
   */
  public static ConsumerRecord<String, byte[]> status(String key, MeshEvent event) {
    return signedStatus(key, event, AgentKeys.of(key));
  }

  /**
   * A status record signed with the given key pair (a forgery, when it is not the cluster's), with
   * a greater sequence than any before unless the status carries one.
   */
  public static ConsumerRecord<String, byte[]> signedStatus(
      String key, MeshEvent event, KeyPair signer) {
    return signedAsIs(key, sequenced(event), signer);
  }

  /**
   * A status record signed with the given key pair, its body exactly as given: a status without a
   * sequence stays without one (an agent from before sequences), and the same status gives the same
   * record again (a genuine report sent again).
   */
  public static ConsumerRecord<String, byte[]> signedAsIs(
      String key, MeshEvent event, KeyPair signer) {
    byte[] value = EventCodec.encode(event);
    Headers headers = statusHeaders(key, event);
    headers.add(
        CloudEventHeaders.SIGNATURE, bytes(RecordSigner.sign(signer.getPrivate(), key, value)));
    headers.add(CloudEventHeaders.KEY_ID, bytes(SigningKeys.fingerprint(signer.getPublic())));
    return consumerRecord(Topics.STATUS, key, value, headers);
  }

  /** A status record without a signature, with a greater sequence than any before. */
  public static ConsumerRecord<String, byte[]> unsignedStatus(String key, MeshEvent event) {
    MeshEvent sequenced = sequenced(event);
    return consumerRecord(
        Topics.STATUS, key, EventCodec.encode(sequenced), statusHeaders(key, sequenced));
  }

  /** The status with the next sequence, unless it carries one; any other event as it is. */
  public static MeshEvent sequenced(MeshEvent event) {
    if (event instanceof ClusterStatus status && !status.sequenced()) {
      return status.withSequence(
          SEQUENCES.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis())));
    }
    return event;
  }

  private static Headers statusHeaders(String key, MeshEvent event) {
    return KafkaEvents.headers(
        EventType.of(event), "/agent/" + key, UUID.randomUUID().toString(), Instant.now());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A record with the given body and headers; on the request topic, signed by the platform team's
   * key where it names a mesh and an id.
   */
  public static ConsumerRecord<String, byte[]> raw(
      String topic, String key, String body, String ceType, String id) {
    RecordHeaders headers = new RecordHeaders();
    if (ceType != null) {
      headers.add(CloudEventHeaders.TYPE, ceType.getBytes(StandardCharsets.UTF_8));
    }
    if (id != null) {
      headers.add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
    }
    byte[] value = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    if (Topics.REQUESTS.equals(topic) && key != null && id != null) {
      headers.add(
          CloudEventHeaders.TIME, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
      TestSigners.PLATFORM_TEAM.sign(headers, key, value);
    }
    return consumerRecord(topic, key, value, headers);
  }

  /** Records as one poll of the broker returns them, in the order given. */
  @SafeVarargs
  public static ConsumerRecords<String, byte[]> batch(ConsumerRecord<String, byte[]>... records) {
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      byPartition
          .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>())
          .add(r);
    }
    return new ConsumerRecords<>(byPartition, Map.of());
  }

  private static ConsumerRecord<String, byte[]> consumerRecord(
      String topic, String key, byte[] value, Headers headers) {
    return new ConsumerRecord<>(
        topic,
        0,
        OFFSETS.incrementAndGet(),
        System.currentTimeMillis(),
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key,
        value,
        headers,
        Optional.empty());
  }

  /** One record the hub sent on an in-memory channel. */
  public record Sent(String key, String ceType, byte[] value, Headers headers) {

    public boolean isTombstone() {
      return value == null;
    }

    public <T extends MeshEvent> T as(Class<T> type) {
      try {
        return EventCodec.decode(type, value);
      } catch (EventDecodeException e) {
        throw new AssertionError(e);
      }
    }

    public String header(String name) {
      return KafkaEvents.header(headers, name);
    }
  }

  /** Reads the messages of an in-memory sink as Kafka records. */
  @SuppressWarnings("unchecked")
  public static List<Sent> sent(List<? extends Message<?>> messages) {
    return messages.stream()
        .map(
            m -> {
              OutgoingKafkaRecordMetadata<String> meta =
                  m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
              Object payload = m.getPayload();
              byte[] value =
                  payload instanceof Record<?, ?> r ? (byte[]) r.value() : (byte[]) payload;
              return new Sent(
                  meta.getKey(),
                  KafkaEvents.header(meta.getHeaders(), CloudEventHeaders.TYPE),
                  value,
                  meta.getHeaders());
            })
        .toList();
  }
}
