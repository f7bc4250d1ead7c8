package io.meshfed.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshfed.events.Topics;
import io.meshfed.kafka.KafkaClientConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the records and bytes published on the meshfed topics between two moments, and the largest
 * record of each topic. Status heartbeats (a status record that says what the cluster's previous
 * one said, apart from {@code reportedAt}) are not counted: they are published on a timer, whatever
 * changed.
 */
final class TopicWindow implements AutoCloseable {

  static final List<String> COUNTED =
      List.of(
          Topics.REQUESTS,
          Topics.DESIRED,
          Topics.MESHES,
          Topics.CREDENTIALS,
          Topics.EVENTS,
          Topics.STATUS);

  /**
   * What a window saw.
   *
   * @param records records per topic (status: changes only)
   * @param bytes bytes of their values per topic
   * @param largest the largest value per topic, in bytes
   */
  record Traffic(
      Map<String, Integer> records, Map<String, Long> bytes, Map<String, Integer> largest) {
    int total() {
      return records.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** The largest record of each topic since the window opened. */
  private final Map<String, Integer> largestEver = new TreeMap<>();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, JsonNode> lastStatus = new HashMap<>();
  private final List<TopicPartition> partitions;

  TopicWindow(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            KafkaClientConfig.consumer(bootstrapServers, "meshfed-bench-" + UUID.randomUUID()));
    partitions =
        COUNTED.stream()
            .flatMap(
                t ->
                    consumer.partitionsFor(t).stream()
                        .map(p -> new TopicPartition(t, p.partition())))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Reads every counted topic to its current end and returns how many records it read per topic
   * since the previous call (status: only those that changed something).
   */
  Traffic next() throws IOException {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, Long> bytes = new TreeMap<>();
    Map<String, Integer> largest = new TreeMap<>();
    COUNTED.forEach(
        t -> {
          counts.put(t, 0);
          bytes.put(t, 0L);
          largest.put(t, 0);
        });
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
          continue;
        }
        int size = r.value() == null ? 0 : r.value().length;
        largestEver.merge(r.topic(), size, Math::max);
        if (r.topic().equals(Topics.STATUS) && !statusChanged(r)) {
          continue;
        }
        counts.merge(r.topic(), 1, Integer::sum);
        bytes.merge(r.topic(), (long) size, Long::sum);
        largest.merge(r.topic(), size, Math::max);
      }
    }
    // Records polled beyond the end are read again by the next call.
    for (TopicPartition p : partitions) {
      if (consumer.position(p) > end.get(p)) {
        consumer.seek(p, end.get(p));
      }
    }
    return new Traffic(counts, bytes, largest);
  }

  /** The largest record of each topic seen since the window opened (heartbeats included). */
  Map<String, Integer> largestEver() {
    return new TreeMap<>(largestEver);
  }

  private boolean statusChanged(ConsumerRecord<String, byte[]> r) throws IOException {
    if (r.value() == null) {
      return lastStatus.remove(r.key()) != null;
    }
    JsonNode body = JSON.readTree(r.value());
    if (body instanceof ObjectNode o) {
      o.remove("reportedAt");
    }
    return !body.equals(lastStatus.put(r.key(), body));
  }

  @Override
  public void close() {
    consumer.close();
  }
}
