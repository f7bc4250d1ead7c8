package io.meshfed.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.serde.CloudEventHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code asyncapi.yaml} describes the topics, messages and schemas the code uses. */
class AsyncApiTest {

  private static final String SCHEMA_REF_PREFIX = "./schemas/";

  /** The channel of {@link Topics#MESHES_V1}: nobody writes it any more, the hub reads it once. */
  private static final String LEGACY_MESHES_CHANNEL = "meshesV1";

  private static JsonNode doc;

  @BeforeAll
  static void parse() throws IOException {
    try (InputStream in = AsyncApiTest.class.getResourceAsStream("/asyncapi.yaml")) {
      assertThat(in).as("asyncapi.yaml on the classpath").isNotNull();
      doc = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  @Test
  void isAsyncApi3() {
    assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
    assertThat(doc.path("defaultContentType").asText()).isEqualTo(CloudEventHeaders.JSON);
  }

  @Test
  void channelsAreExactlyTheTopics() {
    List<String> addresses = new ArrayList<>();
    doc.path("channels").forEach(c -> addresses.add(c.path("address").asText()));

    assertThat(addresses).containsExactlyElementsOf(Topics.ALL);
    doc.path("channels").forEach(c -> assertThat(c.path("description").asText()).contains("Key:"));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventIsAMessageOnTheChannelOfItsTopicWithItsCeType(EventType type) {
    JsonNode channel = channelOf(type.topic());
    JsonNode message = resolve(channel.path("messages").path(type.messageName()));

    assertThat(message.path("name").asText()).isEqualTo(type.messageName());
    assertThat(ceTypeConst(message)).isEqualTo(type.ceType());
    assertThat(message.path("payload").path("schema").path("$ref").asText())
        .isEqualTo(SCHEMA_REF_PREFIX + type.messageName() + ".schema.json");
    assertThat(message.path("contentType").asText()).isEqualTo(CloudEventHeaders.JSON);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyMessageSaysWhatItsKeyIs(EventType type) {
    JsonNode message = resolve(channelOf(type.topic()).path("messages").path(type.messageName()));
    JsonNode key = resolve(message.path("bindings").path("kafka").path("key"));
    boolean byCluster =
        type.topic().equals(Topics.DESIRED)
            || type.topic().equals(Topics.CREDENTIALS)
            || type.topic().equals(Topics.STATUS);

    assertThat(key.path("type").asText()).isEqualTo("string");
    assertThat(key.path("description").asText())
        .startsWith(byCluster ? "The cluster name" : "The mesh id");
  }

  @Test
  void messagesOnAChannelAreExactlyTheEventsOfItsTopic() {
    for (String topic : Topics.ALL) {
      List<String> expected =
          Arrays.stream(EventType.values())
              .filter(t -> t.topic().equals(topic))
              .map(EventType::messageName)
              .toList();
      List<String> actual = SchemaFiles.fieldNames(channelOf(topic).path("messages"));
      if (topic.equals(Topics.DLQ)) {
        assertThat(actual).containsExactly("DeadLetter");
      } else {
        assertThat(actual).as(topic).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void cloudEventHeadersAreTheOnesKafkaEventsWrites() {
    JsonNode headers = doc.path("components").path("schemas").path("CloudEventHeaders");
    List<String> names =
        List.of(
            CloudEventHeaders.SPEC_VERSION,
            CloudEventHeaders.ID,
            CloudEventHeaders.SOURCE,
            CloudEventHeaders.TYPE,
            CloudEventHeaders.TIME,
            CloudEventHeaders.CONTENT_TYPE);

    assertThat(SchemaFiles.fieldNames(headers.path("properties"))).containsExactlyElementsOf(names);
    assertThat(SchemaFiles.texts(headers.path("required"))).containsExactlyElementsOf(names);
    assertThat(
            headers.path("properties").path(CloudEventHeaders.SPEC_VERSION).path("const").asText())
        .isEqualTo(CloudEventHeaders.SPEC_VERSION_1_0);
    assertThat(
            headers.path("properties").path(CloudEventHeaders.CONTENT_TYPE).path("const").asText())
        .isEqualTo(CloudEventHeaders.JSON);
  }

  @Test
  void statusRequestAndHubStateRecordsCarryTheSignatureHeadersAndEventsDoNot() {
    for (EventType type : EventType.values()) {
      JsonNode message = resolve(channelOf(type.topic()).path("messages").path(type.messageName()));
      List<String> headerNames = new ArrayList<>();
      for (JsonNode part : message.path("headers").path("allOf")) {
        headerNames.addAll(SchemaFiles.fieldNames(resolve(part).path("properties")));
      }
      if (java.util.Set.of(
              Topics.STATUS, Topics.REQUESTS, Topics.DESIRED, Topics.MESHES, Topics.CREDENTIALS)
          .contains(type.topic())) {
        assertThat(headerNames)
            .as(type.messageName())
            .contains(CloudEventHeaders.SIGNATURE, CloudEventHeaders.KEY_ID);
      } else {
        assertThat(headerNames).as(type.messageName()).doesNotContain(CloudEventHeaders.SIGNATURE);
      }
    }
    JsonNode signed = doc.path("components").path("schemas").path("SignedRecordHeaders");
    assertThat(SchemaFiles.texts(signed.path("required")))
        .containsExactly(CloudEventHeaders.SIGNATURE, CloudEventHeaders.KEY_ID);
  }

  @Test
  void requestsAndOnlyRequestsCarryTheSendersSignature() {
    for (EventType type : EventType.values()) {
      JsonNode message = resolve(channelOf(type.topic()).path("messages").path(type.messageName()));
      List<String> headerNames = new ArrayList<>();
      for (JsonNode part : message.path("headers").path("allOf")) {
        headerNames.addAll(SchemaFiles.fieldNames(resolve(part).path("properties")));
      }
      if (type.topic().equals(Topics.REQUESTS)) {
        assertThat(headerNames)
            .as(type.messageName())
            .contains(
                CloudEventHeaders.SIGNATURE, CloudEventHeaders.KEY_ID, CloudEventHeaders.ACTOR);
      } else {
        assertThat(headerNames).as(type.messageName()).doesNotContain(CloudEventHeaders.ACTOR);
      }
    }
    JsonNode auth = doc.path("components").path("schemas").path("RequestAuthorizationHeaders");
    assertThat(SchemaFiles.texts(auth.path("required")))
        .containsExactly(CloudEventHeaders.SIGNATURE, CloudEventHeaders.KEY_ID);
  }

  @Test
  void deadLetterChannelDescribesTheHeadersSmallRyeAdds() {
    JsonNode message = resolve(channelOf(Topics.DLQ).path("messages").path("DeadLetter"));
    JsonNode headers = resolve(message.path("headers"));

    assertThat(message.path("payload").has("$ref")).as("no schema of its own").isFalse();
    assertThat(SchemaFiles.fieldNames(headers.path("properties")))
        .contains("dead-letter-reason", "dead-letter-cause", "dead-letter-topic");
    assertThat(SchemaFiles.texts(headers.path("required")))
        .contains("dead-letter-reason", "dead-letter-topic");
  }

  @Test
  void bindingsCarryTheRetentionOfEachTopic() {
    for (String topic : Topics.ALL) {
      JsonNode config = channelOf(topic).path("bindings").path("kafka").path("topicConfiguration");
      List<String> policy = SchemaFiles.texts(config.path("cleanup.policy"));
      if (Topics.COMPACTED.contains(topic)) {
        assertThat(policy).as(topic).containsExactly("compact");
      } else {
        assertThat(policy).as(topic).containsExactly("delete");
      }
    }
    assertThat(
            channelOf(Topics.REQUESTS)
                .path("bindings")
                .path("kafka")
                .path("topicConfiguration")
                .path("retention.ms")
                .asLong())
        .isEqualTo(Duration.ofDays(7).toMillis());
  }

  @Test
  void everyChannelHasASenderAndAReceiver() {
    for (Iterator<String> it = doc.path("channels").fieldNames(); it.hasNext(); ) {
      String channel = it.next();
      Set<String> actions = new HashSet<>();
      doc.path("operations")
          .forEach(
              op -> {
                if (op.path("channel").path("$ref").asText().equals("#/channels/" + channel)) {
                  actions.add(op.path("action").asText());
                  assertThat(op.path("tags")).as("who: %s", op).isNotEmpty();
                  op.path("messages")
                      .forEach(
                          m ->
                              assertThat(m.path("$ref").asText())
                                  .startsWith("#/channels/" + channel + "/messages/"));
                }
              });
      if (channel.equals(LEGACY_MESHES_CHANNEL)) {
        assertThat(actions)
            .as("%s: read by the hub, written by nobody", channel)
            .containsExactly("receive");
        assertThat(doc.path("channels").path(channel).path("description").asText())
            .startsWith("Legacy:");
      } else {
        assertThat(actions).as(channel).containsExactlyInAnyOrder("send", "receive");
      }
    }
  }

  @Test
  void everySchemaFileIsReferencedAndEveryReferenceExists() {
    Set<String> referenced = new HashSet<>();
    collectRefs(doc, referenced);
    Set<String> files = new HashSet<>();
    for (String ref : referenced) {
      if (ref.startsWith(SCHEMA_REF_PREFIX)) {
        files.add(ref.substring(SCHEMA_REF_PREFIX.length()));
      } else {
        assertThat(ref).as("local reference").startsWith("#/");
        assertThat(resolve(doc, ref).isMissingNode()).as("%s resolves", ref).isFalse();
      }
    }
    // common.schema.json is referenced by the event schemas, not by the document itself.
    Set<String> expected = new HashSet<>(ContractFiles.schemaFiles());
    expected.remove(SchemaFiles.COMMON);

    assertThat(files).isEqualTo(expected);
    for (String file : ContractFiles.schemaFiles()) {
      if (!file.equals(SchemaFiles.COMMON)) {
        Set<String> refs = new HashSet<>();
        collectRefs(SchemaFiles.read("/schemas/" + file), refs);
        assertThat(refs).allSatisfy(r -> assertThat(r).startsWith(SchemaFiles.COMMON + "#/$defs/"));
      }
    }
  }

  private static JsonNode channelOf(String topic) {
    for (JsonNode channel : doc.path("channels")) {
      if (channel.path("address").asText().equals(topic)) {
        return channel;
      }
    }
    throw new AssertionError("no channel for " + topic);
  }

  /** The {@code ce_type} const of a message's headers (a shared schema plus the type). */
  private static String ceTypeConst(JsonNode message) {
    List<String> found = new ArrayList<>();
    for (JsonNode part : message.path("headers").path("allOf")) {
      JsonNode constant =
          resolve(part).path("properties").path(CloudEventHeaders.TYPE).path("const");
      if (!constant.isMissingNode()) {
        found.add(constant.asText());
      }
    }
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref == null ? node : resolve(doc, ref.asText());
  }

  private static JsonNode resolve(JsonNode root, String ref) {
    JsonNode target = root.at(ref.substring(1).replace("~1", "/"));
    return target.has("$ref") ? resolve(root, target.path("$ref").asText()) : target;
  }

  private static void collectRefs(JsonNode node, Set<String> into) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals("$ref")) {
          into.add(field.getValue().asText());
        } else {
          collectRefs(field.getValue(), into);
        }
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, into));
    }
  }
}
