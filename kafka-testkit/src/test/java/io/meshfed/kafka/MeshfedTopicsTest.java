package io.meshfed.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The topics of the contract exist on the broker with the retention policy of the design. */
class MeshfedTopicsTest {

  @Test
  void everyTopicHasItsCleanupPolicyAndPartitions() throws Exception {
    try (Admin admin = SharedKafka.get().admin()) {
      Map<String, TopicDescription> topics =
          admin.describeTopics(Topics.ALL).allTopicNames().get(60, TimeUnit.SECONDS);
      assertThat(topics).containsOnlyKeys(Topics.ALL);
      topics
          .values()
          .forEach(
              t ->
                  assertThat(t.partitions())
                      .as(t.name())
                      .hasSize(MeshfedTopics.DEFAULT_PARTITIONS));

      Map<String, Config> configs = configs(admin, Topics.ALL);
      assertThat(policy(configs, Topics.DESIRED)).isEqualTo("compact");
      assertThat(policy(configs, Topics.MESHES)).isEqualTo("compact");
      assertThat(policy(configs, Topics.CREDENTIALS)).isEqualTo("compact");
      assertThat(policy(configs, Topics.STATUS)).isEqualTo("compact");
      assertThat(policy(configs, Topics.MESHES_V1)).as("legacy, still read").isEqualTo("compact");
      Topics.COMPACTED.forEach(t -> assertThat(policy(configs, t)).as(t).isEqualTo("compact"));
      Topics.COMPACTED.forEach(
          t ->
              assertThat(configs.get(t).get("max.compaction.lag.ms").value())
                  .as(t)
                  .isEqualTo(Long.toString(MeshfedTopics.COMPACTION_LAG.toMillis())));
      assertThat(configs.get(Topics.STATUS).get("segment.bytes").value())
          .isEqualTo(Integer.toString(MeshfedTopics.STATUS_SEGMENT_BYTES));
      assertThat(policy(configs, Topics.REQUESTS)).isEqualTo("delete");
      assertThat(policy(configs, Topics.EVENTS)).isEqualTo("delete");
      assertThat(policy(configs, Topics.DLQ)).isEqualTo("delete");
      assertThat(configs.get(Topics.REQUESTS).get("retention.ms").value())
          .isEqualTo(Long.toString(7L * 24 * 60 * 60 * 1000));
    }
  }

  @Test
  void creatingAgainLeavesExistingTopicsAlone() {
    try (Admin admin = SharedKafka.get().admin()) {
      assertThat(MeshfedTopics.create(admin)).isEmpty();
    }
  }

  @Test
  void refusesAnUnknownTopicAndZeroPartitions() {
    assertThatThrownBy(() -> MeshfedTopics.configOf("meshfed.unknown.v1"))
        .hasMessageContaining("meshfed.unknown.v1");
    try (Admin admin = SharedKafka.get().admin()) {
      assertThatThrownBy(() -> MeshfedTopics.create(admin, 0)).hasMessageContaining("partitions");
    }
  }

  private static Map<String, Config> configs(Admin admin, List<String> topics) throws Exception {
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    return admin.describeConfigs(resources).all().get(60, TimeUnit.SECONDS).entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
  }

  private static String policy(Map<String, Config> configs, String topic) {
    return configs.get(topic).get("cleanup.policy").value();
  }
}
