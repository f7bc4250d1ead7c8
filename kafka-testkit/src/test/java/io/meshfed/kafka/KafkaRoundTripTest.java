package io.meshfed.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.Toleration;
import io.meshfed.events.schema.EventSchemas;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.KafkaEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A meshfed CloudEvent goes through the real broker with the project's client settings. */
class KafkaRoundTripTest {

  private static final String SOURCE = "/meshfed/kafka-testkit/test";

  @Test
  void joinClusterArrivesWithItsCloudEventHeadersKeyAndBody() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    JoinCluster join =
        new JoinCluster(
            "mesh-roundtrip",
            "cluster-east",
            Role.PRIMARY,
            "network-east",
            null,
            new GatewayPlacement(
                Map.of("node-role.kubernetes.io/infra", ""),
                List.of(
                    new Toleration("node-role.kubernetes.io/infra", "Exists", null, "NoSchedule"))),
            null);
    String id = UUID.randomUUID().toString();
    Instant time = Instant.parse("2025-06-01T12:00:00.123Z");
    ProducerRecord<String, byte[]> sent = KafkaEvents.record(join.meshId(), join, SOURCE, id, time);

    RecordMetadata written;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClientConfig.producer(bootstrap))) {
      written = producer.send(sent).get();
    }

    String group = "roundtrip-" + UUID.randomUUID();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClientConfig.consumer(bootstrap, group))) {
      consumer.subscribe(List.of(Topics.REQUESTS));
      List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                assertThat(received)
                    .anySatisfy(r -> assertThat(header(r, CloudEventHeaders.ID)).isEqualTo(id));
              });
      ConsumerRecord<String, byte[]> record =
          received.stream()
              .filter(r -> id.equals(header(r, CloudEventHeaders.ID)))
              .findFirst()
              .orElseThrow();

      assertThat(record.topic()).isEqualTo(Topics.REQUESTS);
      assertThat(record.partition()).isEqualTo(written.partition());
      assertThat(record.offset()).isEqualTo(written.offset());
      assertThat(record.key()).isEqualTo("mesh-roundtrip");
      assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
      assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo(SOURCE);
      assertThat(header(record, CloudEventHeaders.TYPE))
          .isEqualTo("io.meshfed.request.cluster.join.v1");
      assertThat(header(record, CloudEventHeaders.TIME)).isEqualTo("2025-06-01T12:00:00.123Z");
      assertThat(header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
      assertThat(record.value()).isEqualTo(sent.value());
      assertThat(KafkaEvents.decode(record)).isEqualTo(join);
      assertValidAgainstSchema(EventType.JOIN_CLUSTER, record.value());

      // The group coordinator works on a single broker: the consumer can commit what it read.
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
      assertThat(consumer.committed(Set.of(partition)).get(partition).offset())
          .isEqualTo(record.offset() + 1);
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return KafkaEvents.header(record.headers(), name);
  }

  /** Validates a body against the event's JSON Schema as the events-schema jar ships it. */
  private static void assertValidAgainstSchema(EventType type, byte[] body) {
    assertThat(EventSchemas.validate(type, body))
        .as("%s body against %s", type.messageName(), type.schemaResource())
        .isEmpty();
  }
}
