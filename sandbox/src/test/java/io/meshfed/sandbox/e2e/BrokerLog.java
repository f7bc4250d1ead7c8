package io.meshfed.sandbox.e2e;

import io.meshfed.events.EventType;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.kafka.EmbeddedKafka;
import io.meshfed.kafka.KafkaClientConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The sandbox's broker as an operator sees it, with plain Kafka clients: what is on a topic, how
 * far a consumer group has committed, and records sent by hand.
 */
final class BrokerLog {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final EmbeddedKafka kafka;

  BrokerLog(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  /** Every record of the topic from its beginning to the end it had when called, in order. */
  List<ConsumerRecord<String, byte[]>> records(String topic) {
    Map<String, Object> config =
        KafkaClientConfig.consumer(kafka.bootstrapServers(), "e2e-reader-" + UUID.randomUUID());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end " + end);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            records.add(r);
          }
        }
      }
      records.sort(
          (a, b) ->
              a.partition() != b.partition()
                  ? Integer.compare(a.partition(), b.partition())
                  : Long.compare(a.offset(), b.offset()));
      return records;
    }
  }

  /** How many records each topic holds. */
  Map<String, Integer> counts(String... topics) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String topic : topics) {
      counts.put(topic, records(topic).size());
    }
    return counts;
  }

  /** The end offset of every partition of the topic. */
  Map<TopicPartition, Long> endOffsets(String topic)
      throws InterruptedException, ExecutionException {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
      return end;
    }
  }

  /** The offsets a consumer group committed on the topic's partitions. */
  Map<TopicPartition, Long> committed(String group, String topic)
      throws InterruptedException, ExecutionException {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      Map<TopicPartition, OffsetAndMetadata> all =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      all.forEach(
          (tp, o) -> {
            if (tp.topic().equals(topic) && o != null) {
              offsets.put(tp, o.offset());
            }
          });
      return offsets;
    }
  }

  /** Sends records and waits until the broker acknowledged each. */
  @SafeVarargs
  final void send(ProducerRecord<String, byte[]>... records)
      throws InterruptedException, ExecutionException {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClientConfig.producer(kafka.bootstrapServers()))) {
      for (ProducerRecord<String, byte[]> r : records) {
        producer.send(r).get();
      }
    }
  }

  /**
   * A record with the CloudEvents headers of its type, whatever its value.
   *
   * @param key the record key, or null
   * @param source the {@code ce_source}, e.g. a marker to find the record again
   * @param id the {@code ce_id}
   */
  static ProducerRecord<String, byte[]> event(
      String topic, String key, EventType type, String source, String id, String value) {
    return new ProducerRecord<>(
        topic,
        null,
        key,
        value.getBytes(StandardCharsets.UTF_8),
        KafkaEvents.headers(type, source, id, Instant.now()));
  }

  /**
   * The request record signed with a platform team's registered key ({@code name}), as the hub
   * requires of every request on the topic.
   */
  static ProducerRecord<String, byte[]> signed(
      ProducerRecord<String, byte[]> request, String name, java.security.PrivateKey key) {
    String signature =
        io.meshfed.security.sign.RequestSignatures.sign(
            key,
            request.key(),
            io.meshfed.events.serde.KafkaEvents.header(request.headers(), CloudEventHeaders.ID),
            io.meshfed.events.serde.KafkaEvents.header(request.headers(), CloudEventHeaders.TIME),
            name,
            request.value());
    request
        .headers()
        .add(CloudEventHeaders.SIGNATURE, signature.getBytes(StandardCharsets.US_ASCII))
        .add(
            CloudEventHeaders.KEY_ID,
            io.meshfed.security.sign.SigningKeys.fingerprint(
                    io.meshfed.security.sign.SigningKeys.publicKeyOf(key))
                .getBytes(StandardCharsets.US_ASCII));
    return request;
  }

  /** The record's event; an assertion error when it cannot be read. */
  static Object decode(ConsumerRecord<String, byte[]> r) {
    try {
      return KafkaEvents.decode(r);
    } catch (Exception e) {
      throw new AssertionError("cannot decode " + r.topic() + "@" + r.offset() + ": " + e, e);
    }
  }

  /** The value of a header as UTF-8 text, or null when the record has none. */
  static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
