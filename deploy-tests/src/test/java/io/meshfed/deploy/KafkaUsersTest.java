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
import org.junit.jupiter.api.Test;

/** The Kafka ACLs give each party exactly its part of the contract. */
class KafkaUsersTest {

  private static final String HUB = "hub";
  private static final String AGENT = "cluster-agent";
  private static final String PLATFORM = "platform-team";

  private final List<JsonNode> users = KafkaResources.load("users.yaml", "KafkaUser");

  @Test
  void onlyTheHubWritesDesiredAndMeshRecords() {
    assertThat(writers(Topics.DESIRED)).containsExactly(HUB);
    assertThat(writers(Topics.MESHES)).containsExactly(HUB);
  }

  @Test
  void agentsReadDesiredAndMeshesAndWriteStatusAndDeadLettersOnly() {
    assertThat(topicsWith(AGENT, "Read")).containsExactlyInAnyOrder(Topics.DESIRED, Topics.MESHES);
    assertThat(topicsWith(AGENT, "Write")).containsExactlyInAnyOrder(Topics.STATUS, Topics.DLQ);
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

  @Test
  void theHubMayUseTheConsumerGroupsItsConfigurationNames() throws IOException {
    Path properties =
        DeployDir.root()
            .resolveSibling("hub-service")
            .resolve("src/main/resources/application.properties");
    assumeTrue(Files.exists(properties), "hub-service has no application.properties yet");
    Properties config = new Properties();
    config.load(new StringReader(Files.readString(properties)));
    Set<String> groups = new TreeSet<>();
    for (String key : config.stringPropertyNames()) {
      if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id")) {
        groups.add(config.getProperty(key));
      }
    }

    assertThat(groups).isNotEmpty();
    assertThat(groupsOf(HUB)).containsAll(groups);
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

  private Set<String> groupsOf(String component) {
    Set<String> groups = new TreeSet<>();
    for (JsonNode user : users) {
      if (component.equals(component(user))) {
        for (JsonNode acl : acls(user, "group")) {
          groups.add(acl.path("resource").path("name").asText());
        }
      }
    }
    return groups;
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
