package io.meshfed.hub.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.model.RequestRejected;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.hub.broker.RealKafka;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * At start the hub reads which requests it took in within the replay window from their outcome
 * events on the real broker, so that a copy of one sent again after a restart is still refused.
 */
class TakenRequestsOnTheLogTest {

  private static final Duration WINDOW = Duration.ofMinutes(30);

  @Test
  void theOutcomesWithinTheWindowNameTheRequestsTakenIn() throws Exception {
    String bootstrap = RealKafka.bootstrapServers();
    Instant now = Instant.now();
    String accepted = "accepted-" + UUID.randomUUID();
    String invalid = "invalid-" + UUID.randomUUID();
    String unsigned = "unsigned-" + UUID.randomUUID();
    String old = "old-" + UUID.randomUUID();
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      send(producer, now, new RequestAccepted("m1", accepted, "JoinCluster", "c1", 1, "team"));
      send(
          producer,
          now,
          new RequestRejected(
              "m1", invalid, "JoinCluster", "c1", "InvalidNetwork", "network", "bad", "team"));
      send(
          producer,
          now,
          new RequestRejected(
              "m1", unsigned, "JoinCluster", "c1", "Unauthenticated", null, "not signed", null));
      send(
          producer,
          now.minus(WINDOW).minusSeconds(60),
          new RequestAccepted("m1", old, "JoinCluster", "c2", 1, "team"));
      producer.flush();
    }

    LogSnapshot log =
        new KafkaLogSource(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                WINDOW,
                Clock.systemUTC())
            .read(Duration.ofSeconds(60));

    assertThat(log.takenRequests())
        .extracting(TakenRequest::requestId)
        .contains(accepted, invalid)
        .as("refused before its signature verified, or older than the window")
        .doesNotContain(unsigned, old);
  }

  private static void send(KafkaProducer<String, byte[]> producer, Instant at, MeshEvent event)
      throws Exception {
    ProducerRecord<String, byte[]> r =
        new ProducerRecord<>(
            Topics.EVENTS, null, at.toEpochMilli(), "m1", EventCodec.encode(event));
    r.headers()
        .add(CloudEventHeaders.TYPE, EventType.of(event).ceType().getBytes(StandardCharsets.UTF_8));
    producer.send(r).get();
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(config);
  }
}
