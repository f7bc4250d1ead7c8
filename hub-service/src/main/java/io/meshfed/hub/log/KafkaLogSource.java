package io.meshfed.hub.log;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.model.RequestRejected;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.request.Rejection;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the membership log with a plain consumer (no group, nothing committed), configured from the
 * same {@code kafka.*} settings as the messaging channels so TLS and SASL apply. The topics are
 * compacted, and the read compacts what the log cleaner has not yet: of each key only the last
 * record is kept (of the status topic, the last {@value #STATUS_HISTORY}), so the rebuild's memory
 * grows with the clusters, not with how often their records were rewritten.
 */
@ApplicationScoped
public class KafkaLogSource implements LogSource {

  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * How many of a cluster's newest status reports the rebuild keeps to find the newest one that
   * speaks for it (a forged record after a genuine one hides it only behind this many forgeries;
   * Kafka's compaction of the topic keeps only the last).
   */
  static final int STATUS_HISTORY = 4;

  /**
   * The topics the registry is rebuilt from. {@code meshfed.meshes.v1} is no longer written; a
   * deployment that never had it has no such topic, which reads as empty.
   */
  private static final List<String> TOPICS =
      List.of(Topics.DESIRED, Topics.MESHES, Topics.CREDENTIALS, Topics.STATUS, Topics.MESHES_V1);

  private final Map<String, Object> kafkaConfig;
  private final Duration replayWindow;
  private final Clock clock;

  @Inject
  public KafkaLogSource(
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, HubConfig config) {
    this(kafkaConfig, config.requestMaxAge().multipliedBy(2), Clock.systemUTC());
  }

  /**
   * @param replayWindow how far back the outcomes of requests are read (a request older than half
   *     of it is refused by its age anyway)
   */
  KafkaLogSource(Map<String, Object> kafkaConfig, Duration replayWindow, Clock clock) {
    this.kafkaConfig = kafkaConfig;
    this.replayWindow = replayWindow;
    this.clock = clock;
  }

  @Override
  public LogSnapshot read(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : TOPICS) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos != null) {
          infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      Map<String, CompactedTopic> byTopic = new HashMap<>();
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new LogReadException(
              "the membership log was not read to its end within " + timeout, null);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          if (r.offset() < end.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
            byTopic
                .computeIfAbsent(
                    r.topic(),
                    t -> new CompactedTopic(t.equals(Topics.STATUS) ? STATUS_HISTORY : 1))
                .add(toLogRecord(r));
          }
        }
      }
      Map<Integer, Long> statusEnd = new HashMap<>();
      end.forEach(
          (tp, offset) -> {
            if (tp.topic().equals(Topics.STATUS)) {
              statusEnd.put(tp.partition(), offset);
            }
          });
      List<TakenRequest> taken = takenRequests(consumer, deadline, timeout);
      return new LogSnapshot(
          records(byTopic, Topics.DESIRED),
          records(byTopic, Topics.MESHES),
          records(byTopic, Topics.CREDENTIALS),
          records(byTopic, Topics.STATUS),
          records(byTopic, Topics.MESHES_V1),
          statusEnd,
          taken);
    } catch (LogReadException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new LogReadException("cannot read the membership log: " + e.getMessage(), e);
    }
  }

  /**
   * The requests taken in within the replay window: the outcome events ({@code RequestAccepted},
   * and {@code RequestRejected} for any reason but {@code Unauthenticated}: a request refused
   * before its signature verified was not taken in) on {@code meshfed.events.v1} from the window's
   * start to the topic's end.
   */
  private List<TakenRequest> takenRequests(
      KafkaConsumer<String, byte[]> consumer, long deadline, Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(Topics.EVENTS, timeout);
    if (infos == null || infos.isEmpty()) {
      return List.of();
    }
    List<TopicPartition> partitions =
        infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    long since = clock.instant().minus(replayWindow).toEpochMilli();
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(tp -> times.put(tp, since));
    Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, timeout);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp start = starts.get(tp);
      consumer.seek(tp, start == null ? end.getOrDefault(tp, 0L) : start.offset());
    }
    List<TakenRequest> taken = new ArrayList<>();
    while (!caughtUp(consumer, end)) {
      if (System.nanoTime() > deadline) {
        throw new LogReadException(
            "the request outcomes on " + Topics.EVENTS + " were not read within " + timeout, null);
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        if (r.offset() >= end.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)
            || r.value() == null
            || r.timestamp() < since) {
          continue;
        }
        takenRequest(r).ifPresent(taken::add);
      }
    }
    return taken;
  }

  private static Optional<TakenRequest> takenRequest(ConsumerRecord<String, byte[]> r) {
    String type = KafkaEvents.header(r.headers(), CloudEventHeaders.TYPE);
    Instant at = Instant.ofEpochMilli(r.timestamp());
    try {
      if (EventType.REQUEST_ACCEPTED.ceType().equals(type)) {
        return Optional.of(
            new TakenRequest(EventCodec.decode(RequestAccepted.class, r.value()).requestId(), at));
      }
      if (EventType.REQUEST_REJECTED.ceType().equals(type)) {
        RequestRejected rejected = EventCodec.decode(RequestRejected.class, r.value());
        return Rejection.UNAUTHENTICATED.equals(rejected.reason())
            ? Optional.empty()
            : Optional.of(new TakenRequest(rejected.requestId(), at));
      }
    } catch (EventDecodeException e) {
      // not an outcome the hub wrote: it names no request taken in
    }
    return Optional.empty();
  }

  private static List<LogRecord> records(Map<String, CompactedTopic> byTopic, String topic) {
    CompactedTopic t = byTopic.get(topic);
    return t == null ? List.of() : t.records();
  }

  private static boolean caughtUp(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Object> consumerConfig() {
    Map<String, Object> config = new HashMap<>(kafkaConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshfed-hub-rebuild");
    // A topic that is missing (the legacy one) is read as empty, never created by asking for it.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return config;
  }

  private static LogRecord toLogRecord(ConsumerRecord<String, byte[]> r) {
    return new LogRecord(
        r.topic(),
        r.partition(),
        r.offset(),
        r.key(),
        r.value(),
        KafkaEvents.header(r.headers(), CloudEventHeaders.TYPE),
        Instant.ofEpochMilli(r.timestamp()),
        KafkaEvents.header(r.headers(), CloudEventHeaders.SIGNATURE));
  }
}
