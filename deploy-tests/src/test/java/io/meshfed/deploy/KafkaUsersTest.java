package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshfed.events.Topics;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Kafka ACLs give each party exactly its part of the contract. */
class KafkaUsersTest {

  private static final String HUB = "hub";
  private static final String AGENT = "cluster-agent";
  private static final String PLATFORM = "platform-team";

  /** The member cluster of the example agent user in users.yaml. */
  private static final String EXAMPLE_CLUSTER = "cluster-east";

  private final List<JsonNode> users = KafkaResources.load("users.yaml", "KafkaUser");

  @Test
  void onlyTheHubWritesDesiredMeshAndCredentialRecords() {
    assertThat(writers(Topics.DESIRED)).containsExactly(HUB);
    assertThat(writers(Topics.MESHES)).containsExactly(HUB);
    assertThat(writers(Topics.CREDENTIALS)).containsExactly(HUB);
  }

  @Test
  void theLegacyMeshTopicIsReadByTheHubOnlyAndWrittenByNobody() {
    assertThat(writers(Topics.MESHES_V1)).isEmpty();
    assertThat(readers(Topics.MESHES_V1)).containsExactly(HUB);
  }

  @Test
  void agentsReadDesiredMeshesAndCredentialsAndWriteStatusAndDeadLettersOnly() {
    assertThat(topicsWith(AGENT, "Read"))
        .containsExactlyInAnyOrder(Topics.DESIRED, Topics.MESHES, Topics.CREDENTIALS);
    assertThat(topicsWith(AGENT, "Write")).containsExactlyInAnyOrder(Topics.STATUS, Topics.DLQ);
  }

  /**
   * The agent replays each topic it reads in a consumer group of its own, {@code
   * meshfed-agent-<cluster>-<topic>-<uuid>} ({@code <topic>} as in {@code meshfed.<topic>.v2}).
   */
  @Test
  void agentsMayUseAConsumerGroupOfTheirOwnForEachTopicTheyRead() {
    for (String topic : topicsWith(AGENT, "Read")) {
      String group =
          "meshfed-agent-"
              + EXAMPLE_CLUSTER
              + "-"
              + topic.split("\\.")[1]
              + "-"
              + UUID.randomUUID();
      assertThat(groupAllowed(AGENT, group)).as(group).isTrue();
    }
  }

  @Test
  void platformTeamsWriteRequestsAndReadEventsOnly() {
    assertThat(topicsWith(PLATFORM, "Write")).containsExactly(Topics.REQUESTS);
    assertThat(topicsWith(PLATFORM, "Read")).containsExactly(Topics.EVENTS);
  }

  @Test
  void theHubReadsRequestsAndStatusAndIsTheOnlyOtherWriterOfRequests() {
    assertThat(topicsWith(HUB, "Read")).contains(Topics.REQUESTS, Topics.STATUS);
    assertThat(writers(Topics.REQUESTS)).containsExactlyInAnyOrder(HUB, PLATFORM);
    assertThat(writers(Topics.STATUS)).containsExactly(AGENT);
    assertThat(writers(Topics.EVENTS)).containsExactly(HUB);
  }

  @Test
  void everyAclNamesOneTopicOfTheContractAndNoWildcardOrAllOperation() {
    assertThat(users)
        .allSatisfy(
            user -> {
              assertThat(user.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
              assertThat(user.path("spec").path("authorization").path("type").asText())
                  .isEqualTo("simple");
              for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                assertThat(resource.path("type").asText()).isIn("topic", "group");
                assertThat(resource.path("name").asText()).isNotEqualTo("*");
                if ("topic".equals(resource.path("type").asText())) {
                  assertThat(resource.path("name").asText()).isIn(Topics.ALL);
                  assertThat(resource.path("patternType").asText()).isEqualTo("literal");
                }
                assertThat(operations(acl)).doesNotContain("All", "Alter", "Delete", "Create");
              }
            });
  }

  @ParameterizedTest
  @CsvSource({"hub-service, hub", "cluster-agent, cluster-agent"})
  void everyConsumerGroupTheServiceConfiguresIsAllowed(String module, String component)
      throws IOException {
    Path properties =
        DeployDir.root()
            .resolveSibling(module)
            .resolve("src/main/resources/application.properties");
    assumeTrue(Files.exists(properties), module + " has no application.properties yet");
    Properties config = new Properties();
    config.load(new StringReader(Files.readString(properties)));
    Set<String> groups = new TreeSet<>();
    for (String key : config.stringPropertyNames()) {
      if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id")) {
        groups.add(
            config
                .getProperty(key)
                // single-cluster mode, as the chart deploys the agent: the cluster name is set
                .replaceAll("\\$\\{meshfed\\.agent\\.cluster-name(:[^}]*)?}", EXAMPLE_CLUSTER)
                .replace("${quarkus.uuid}", UUID.randomUUID().toString()));
      }
    }

    assertThat(groups).as("consumer groups of %s", module).isNotEmpty();
    assertThat(groups).allSatisfy(g -> assertThat(groupAllowed(component, g)).as(g).isTrue());
  }

  private boolean groupAllowed(String component, String group) {
    for (JsonNode user : users) {
      if (!component.equals(component(user))) {
        continue;
      }
      for (JsonNode acl : acls(user, "group")) {
        String name = acl.path("resource").path("name").asText();
        boolean prefix = "prefix".equals(acl.path("resource").path("patternType").asText());
        if (operations(acl).contains("Read")
            && (prefix ? group.startsWith(name) : group.equals(name))) {
          return true;
        }
      }
    }
    return false;
  }

  private Set<String> writers(String topic) {
    Set<String> writers = new TreeSet<>();
    for (JsonNode user : users) {
      for (JsonNode acl : acls(user, "topic")) {
        if (topic.equals(acl.path("resource").path("name").asText())
            && operations(acl).contains("Write")) {
          writers.add(component(user));
        }
      }
    }
    return writers;
  }

  private Set<String> readers(String topic) {
    Set<String> readers = new TreeSet<>();
    for (JsonNode user : users) {
      for (JsonNode acl : acls(user, "topic")) {
        if (topic.equals(acl.path("resource").path("name").asText())
            && operations(acl).contains("Read")) {
          readers.add(component(user));
        }
      }
    }
    return readers;
  }

  private Set<String> topicsWith(String component, String operation) {
    Set<String> topics = new TreeSet<>();
    for (JsonNode user : users) {
      if (!component.equals(component(user))) {
        continue;
      }
      for (JsonNode acl : acls(user, "topic")) {
        if (operations(acl).contains(operation)) {
          topics.add(acl.path("resource").path("name").asText());
        }
      }
    }
    return topics;
  }

  private static String component(JsonNode user) {
    return user.path("metadata").path("labels").path("app.kubernetes.io/component").asText();
  }

  private static List<JsonNode> acls(JsonNode user, String type) {
    List<JsonNode> found = new java.util.ArrayList<>();
    for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
      if (type.equals(acl.path("resource").path("type").asText())) {
        found.add(acl);
      }
    }
    return found;
  }

  private static Set<String> operations(JsonNode acl) {
    Set<String> operations = new TreeSet<>();
    acl.path("operations").forEach(o -> operations.add(o.asText()));
    return operations;
  }
}
