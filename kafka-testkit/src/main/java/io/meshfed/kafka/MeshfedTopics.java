package io.meshfed.kafka;

import io.meshfed.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics of {@link Topics} with the retention policy of the design: the topics of
 * {@link Topics#COMPACTED} (desired, meshes, credentials, status and the legacy meshes.v1) are
 * compacted (one record per key, a tombstone deletes it), with segments that roll within an hour so
 * that the cleaner compacts them while the services run and a hub that restarts reads little more
 * than one record per key (the status topic, written by every member's heartbeats, rolls its
 * segments at 16 MiB too); requests are deleted after seven days; events and dead letters are
 * deleted after the broker's default retention. The replication factor is the broker's default.
 */
public final class MeshfedTopics {

  /** Partitions per topic unless the caller says otherwise. */
  public static final int DEFAULT_PARTITIONS = 3;

  /** How long membership requests are kept. */
  public static final Duration REQUESTS_RETENTION = Duration.ofDays(7);

  private static final long TIMEOUT_SECONDS = 60;

  /** How long a compacted topic's segment stays open, and a record uncompacted, at most. */
  public static final Duration COMPACTION_LAG = Duration.ofHours(1);

  /** The largest segment of the status topic. */
  public static final int STATUS_SEGMENT_BYTES = 16 * 1024 * 1024;

  private MeshfedTopics() {}

  /** Creates every missing meshfed topic with {@value #DEFAULT_PARTITIONS} partitions. */
  public static Set<String> create(Admin admin) {
    return create(admin, DEFAULT_PARTITIONS);
  }

  /**
   * Creates every missing meshfed topic. Topics that already exist are left as they are.
   *
   * @return the names of the topics this call created
   * @throws IllegalStateException naming the topic when the broker refuses one
   */
  public static Set<String> create(Admin admin, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    List<NewTopic> topics = new ArrayList<>();
    for (String name : Topics.ALL) {
      topics.add(
          new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configOf(name)));
    }
    Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
    Set<String> created = new LinkedHashSet<>();
    for (String name : Topics.ALL) {
      if (await(name, results.get(name))) {
        created.add(name);
      }
    }
    return created;
  }

  /** The topic-level configuration the design gives a meshfed topic. */
  public static Map<String, String> configOf(String topic) {
    if (Topics.STATUS.equals(topic)) {
      return Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.SEGMENT_MS_CONFIG,
          Long.toString(COMPACTION_LAG.toMillis()),
          TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
          Long.toString(COMPACTION_LAG.toMillis()),
          TopicConfig.SEGMENT_BYTES_CONFIG,
          Integer.toString(STATUS_SEGMENT_BYTES));
    }
    if (Topics.COMPACTED.contains(topic)) {
      return Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.SEGMENT_MS_CONFIG,
          Long.toString(COMPACTION_LAG.toMillis()),
          TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
          Long.toString(COMPACTION_LAG.toMillis()));
    }
    if (Topics.REQUESTS.equals(topic)) {
      return Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG,
          Long.toString(REQUESTS_RETENTION.toMillis()));
    }
    if (Topics.ALL.contains(topic)) {
      return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    }
    throw new IllegalArgumentException("not a meshfed topic: " + topic);
  }

  /** True when the topic was created, false when it already existed. */
  private static boolean await(String topic, KafkaFuture<Void> result) {
    try {
      result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw new IllegalStateException(
          "cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "topic " + topic + " was not created within " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }
}
