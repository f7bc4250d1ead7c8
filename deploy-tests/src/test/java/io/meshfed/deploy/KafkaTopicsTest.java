package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshfed.events.Topics;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The production topic definitions match the event contract and the design's retention. */
class KafkaTopicsTest {

  private static final long SEVEN_DAYS_MS = Duration.ofDays(7).toMillis();

  private final Map<String, JsonNode> topics =
      KafkaResources.load("topics.yaml", "KafkaTopic").stream()
          .collect(
              Collectors.toMap(
                  t -> t.path("spec").path("topicName").asText(), Function.identity()));

  @Test
  void everyTopicOfTheContractIsDefinedAndNothingElse() {
    assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
  }

  @Test
  void everyTopicTheServicesConfigureIsDefined() throws IOException {
    Set<String> configured = new TreeSet<>();
    for (String module : List.of("hub-service", "cluster-agent")) {
      Path properties =
          DeployDir.root()
              .resolveSibling(module)
              .resolve("src/main/resources/application.properties");
      if (Files.exists(properties)) {
        configured.addAll(topicsIn(Files.readString(properties)));
      }
    }

    assertThat(topics.keySet()).containsAll(configured);
  }

  @Test
  void compactedTopicsAreExactlyTheContractsCompactedOnes() {
    Set<String> compacted =
        topics.entrySet().stream()
            .filter(e -> "compact".equals(config(e.getValue(), "cleanup.policy")))
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());

    assertThat(compacted).containsExactlyInAnyOrderElementsOf(Topics.COMPACTED);
  }

  @Test
  void requestsAreDeletedAfterSevenDays() {
    JsonNode requests = topics.get(Topics.REQUESTS);

    assertThat(config(requests, "cleanup.policy")).isEqualTo("delete");
    assertThat(config(requests, "retention.ms")).isEqualTo(Long.toString(SEVEN_DAYS_MS));
  }

  @Test
  void eventsAndDeadLettersAreDeleted() {
    assertThat(config(topics.get(Topics.EVENTS), "cleanup.policy")).isEqualTo("delete");
    assertThat(config(topics.get(Topics.DLQ), "cleanup.policy")).isEqualTo("delete");
  }

  @Test
  void leaveTombstonesOutliveAWeekOfflineAgent() {
    assertThat(Long.parseLong(config(topics.get(Topics.DESIRED), "delete.retention.ms")))
        .isGreaterThanOrEqualTo(SEVEN_DAYS_MS);
    assertThat(Long.parseLong(config(topics.get(Topics.CREDENTIALS), "delete.retention.ms")))
        .as("the tombstone of a sender that left: its peers remove its remote secret")
        .isGreaterThanOrEqualTo(SEVEN_DAYS_MS);
  }

  @Test
  void compactedTopicsAreCompactedWithinAnHourSoARestartingHubReadsLittle() {
    long hour = Duration.ofHours(1).toMillis();
    assertThat(Topics.COMPACTED)
        .allSatisfy(
            name -> {
              JsonNode t = topics.get(name);
              assertThat(Long.parseLong(config(t, "segment.ms")))
                  .as(name)
                  .isLessThanOrEqualTo(hour);
              assertThat(Long.parseLong(config(t, "max.compaction.lag.ms")))
                  .as(name)
                  .isLessThanOrEqualTo(hour);
            });
    assertThat(Long.parseLong(config(topics.get(Topics.STATUS), "segment.bytes")))
        .as("the status topic carries every member's heartbeats")
        .isLessThanOrEqualTo(16L * 1024 * 1024);
  }

  @Test
  void topicsAreDefinedInTheOrderOfTheContract() {
    assertThat(
            KafkaResources.load("topics.yaml", "KafkaTopic").stream()
                .map(t -> t.path("spec").path("topicName").asText()))
        .containsExactlyElementsOf(Topics.ALL);
  }

  @Test
  void everyTopicIsReplicatedThreeTimesAndNeedsTwoInSyncReplicas() {
    assertThat(topics.values())
        .allSatisfy(
            t -> {
              assertThat(t.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
              assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                  .isNotBlank();
              assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(3);
              assertThat(t.path("spec").path("partitions").asInt()).isPositive();
              assertThat(config(t, "min.insync.replicas")).isEqualTo("2");
            });
  }

  private static String config(JsonNode topic, String key) {
    JsonNode value = topic.path("spec").path("config").path(key);
    return value.isMissingNode() ? null : value.asText();
  }

  private static Set<String> topicsIn(String applicationProperties) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(applicationProperties));
    Set<String> names = new TreeSet<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith("mp.messaging.") && (key.endsWith(".topic") || key.endsWith(".topics"))) {
        for (String topic : properties.getProperty(key).split(",")) {
          names.add(topic.trim());
        }
      }
    }
    return names;
  }
}
