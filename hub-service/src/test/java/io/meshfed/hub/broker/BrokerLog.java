package io.meshfed.hub.broker;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.support.AgentKeys;
import io.meshfed.hub.support.Records;
import io.meshfed.hub.support.TestSigners;
import io.meshfed.kafka.KafkaClientConfig;
import io.meshfed.security.sign.RecordSigner;
import io.meshfed.security.sign.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads and writes the shared broker's topics the way agents and operators do. */
final class BrokerLog {

  private BrokerLog() {}

  /** Writes an event as an agent or a platform team would, and waits for the broker. */
  static void publish(String key, MeshEvent event) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClientConfig.producer(RealKafka.bootstrapServers()))) {
      producer.send(KafkaEvents.record(key, event, "/test/agent/" + key)).get();
    }
  }

  /** Writes a record exactly as given, and waits for the broker. */
  static void publishRecord(ProducerRecord<String, byte[]> record) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClientConfig.producer(RealKafka.bootstrapServers()))) {
      producer.send(record).get();
    }
  }

  /** The request record signed by the platform team's registered key, as every request is. */
  static ProducerRecord<String, byte[]> signed(ProducerRecord<String, byte[]> request) {
    TestSigners.PLATFORM_TEAM.sign(request.headers(), request.key(), request.value());
    return request;
  }

  /** Writes a status as the cluster's agent does: with its next sequence, signed with its key. */
  static void publishStatus(String key, ClusterStatus status) throws Exception {
    ProducerRecord<String, byte[]> record =
        KafkaEvents.record(key, Records.sequenced(status), "/test/agent/" + key);
    KeyPair signer = AgentKeys.of(key);
    record
        .headers()
        .add(
            CloudEventHeaders.SIGNATURE,
            RecordSigner.sign(signer.getPrivate(), key, record.value())
                .getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .add(
            CloudEventHeaders.KEY_ID,
            SigningKeys.fingerprint(signer.getPublic()).getBytes(StandardCharsets.UTF_8));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClientConfig.producer(RealKafka.bootstrapServers()))) {
      producer.send(record).get();
    }
  }

  /** How many records each topic holds (sum of end offsets over its partitions). */
  static Map<String, Long> recordCounts(List<String> topics) {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, topics);
      return consumer.endOffsets(partitions, Duration.ofSeconds(30)).entrySet().stream()
          .collect(
              Collectors.groupingBy(
                  e -> e.getKey().topic(), Collectors.summingLong(Map.Entry::getValue)));
    }
  }

  /** Every record of a topic, from the beginning to its current end. */
  static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, List.of(topic));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> config =
        KafkaClientConfig.consumer(RealKafka.bootstrapServers(), "meshfed-hub-test-reader");
    config.remove("group.id");
    return new KafkaConsumer<>(config);
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<String, byte[]> consumer, List<String> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    return partitions;
  }
}
