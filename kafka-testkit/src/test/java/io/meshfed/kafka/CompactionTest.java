package io.meshfed.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The broker really compacts: on a compacted topic only the last value of a key survives, and a
 * tombstone removes the key (how an agent learns its cluster left the mesh after a restart).
 */
class CompactionTest {

  @Test
  void keepsOnlyTheLastValuePerKeyAndDropsTombstonedKeys() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    String topic = "compaction-test-" + UUID.randomUUID();
    try (Admin admin = SharedKafka.get().admin()) {
      admin
          .createTopics(
              Set.of(
                  new NewTopic(topic, 1, (short) 1)
                      .configs(
                          Map.of(
                              "cleanup.policy", "compact",
                              "segment.ms", "100",
                              "min.cleanable.dirty.ratio", "0.0",
                              "min.compaction.lag.ms", "0",
                              "delete.retention.ms", "0"))))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClientConfig.producer(bootstrap))) {
      producer.send(record(topic, "cluster-a", "v1")).get();
      producer.send(record(topic, "cluster-a", "v2")).get();
      producer.send(record(topic, "cluster-b", "only")).get();
      producer.send(new ProducerRecord<>(topic, "cluster-a", null)).get();

      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                // Only closed segments are compacted: each new record lets the active one roll.
                producer.send(record(topic, "filler", "x")).get();
                List<ConsumerRecord<String, byte[]>> log = readAll(bootstrap, topic);
                assertThat(log).noneMatch(r -> "cluster-a".equals(r.key()));
                assertThat(log)
                    .filteredOn(r -> "cluster-b".equals(r.key()))
                    .singleElement()
                    .satisfies(r -> assertThat(text(r)).isEqualTo("only"));
              });
    }
  }

  private static ProducerRecord<String, byte[]> record(String topic, String key, String value) {
    return new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(ConsumerRecord<String, byte[]> r) {
    return new String(r.value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
    TopicPartition partition = new TopicPartition(topic, 0);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClientConfig.consumer(bootstrap, "unused"))) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
