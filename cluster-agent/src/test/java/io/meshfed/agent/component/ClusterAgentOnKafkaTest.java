package io.meshfed.agent.component;

import static io.meshfed.agent.component.RealKafkaResource.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.agent.resource.ManagedKind;
import io.meshfed.agent.security.TestCa;
import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Phase;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.kafka.KafkaClientConfig;
import io.meshfed.kafka.SharedKafka;
import io.meshfed.security.sign.RecordVerifier;
import io.meshfed.security.sign.SigningKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent with the Kafka connector on a real broker: it reads the three state topics (desired,
 * meshes, credentials) from the beginning and acts on the latest state only, sends the records it
 * cannot read to the dead-letter topic with the reason, publishes its status as a keyed CloudEvent,
 * and leaves on a tombstone.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(RealKafkaResource.class)
class ClusterAgentOnKafkaTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @KubernetesTestServer KubernetesServer server;

  private static final List<ConsumerRecord<String, byte[]>> STATUS = new ArrayList<>();
  private static final List<ConsumerRecord<String, byte[]>> DLQ = new ArrayList<>();
  private static KafkaConsumer<String, byte[]> consumer;

  @AfterEach
  void recordApiCalls() {
    ApiCallRecorder.drain(server);
  }

  @AfterAll
  static void close() {
    ApiCallRecorder.write();
    if (consumer != null) {
      consumer.close();
      consumer = null;
    }
  }

  @Test
  void replaysTheHistoryToItsLatestStateDeadLettersWhatItCannotReadAndLeavesOnATombstone() {
    KubernetesClient k8s = ApiCallRecorder.testClient(server);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              poll();
              assertThat(phases()).contains(Phase.INSTALLING);
              assertThat(decode(STATUS.get(STATUS.size() - 1)).intermediateCsr()).isNotBlank();
              assertThat(DLQ).isNotEmpty();
            });
    // as the hub would: sign the intermediate request into the desired record; Istio follows
    String csr = decode(STATUS.get(STATUS.size() - 1)).intermediateCsr();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClientConfig.producer(SharedKafka.bootstrapServers()))) {
      producer.send(
          TestHubKey.signed(
              KafkaEvents.record(
                  CLUSTER,
                  new TestCa(RealKafkaResource.MESH).answer(RealKafkaResource.desired(1), csr),
                  "/test")));
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              poll();
              assertThat(
                      k8s.genericKubernetesResources(ManagedKind.ISTIO.context())
                          .withName(IstioNames.DEFAULT)
                          .get())
                  .isNotNull();
              assertThat(decode(STATUS.get(STATUS.size() - 1)).intermediateNotAfter()).isNotNull();
            });
    assertThat(phases())
        .as("the tombstone in the history is not acted on")
        .doesNotContain(Phase.LEAVING, Phase.LEFT);

    ConsumerRecord<String, byte[]> status = STATUS.get(STATUS.size() - 1);
    assertThat(status.key()).isEqualTo(CLUSTER);
    assertThat(KafkaEvents.header(status.headers(), CloudEventHeaders.TYPE))
        .isEqualTo(EventType.CLUSTER_STATUS.ceType());
    assertThat(KafkaEvents.header(status.headers(), CloudEventHeaders.SPEC_VERSION))
        .isEqualTo("1.0");
    assertThat(decode(status).observedGeneration()).isEqualTo(1);
    PublicKey signingKey = SigningKeys.decodePublicKey(decode(status).signingPublicKey());
    for (ConsumerRecord<String, byte[]> record : STATUS) {
      assertThat(
              RecordVerifier.verify(
                  signingKey,
                  record.key(),
                  record.value(),
                  KafkaEvents.header(record.headers(), CloudEventHeaders.SIGNATURE)))
          .as("signature of status record at offset %d", record.offset())
          .isTrue();
    }

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              poll();
              assertThat(DLQ).extracting(ConsumerRecord::topic).containsOnly(Topics.DLQ).hasSize(2);
            });
    List<String> reasons = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> dead : DLQ) {
      assertThat(dead.key()).isEqualTo(CLUSTER);
      Header reason = dead.headers().lastHeader("dead-letter-reason");
      assertThat(reason).isNotNull();
      reasons.add(new String(reason.value(), StandardCharsets.UTF_8));
    }
    assertThat(reasons)
        .containsExactlyInAnyOrder(
            "DesiredMembership: required field 'role' is missing",
            "SharedCredential: required field 'revision' is missing");

    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClientConfig.producer(SharedKafka.bootstrapServers()))) {
      producer.send(TestHubKey.signed(KafkaEvents.tombstone(Topics.DESIRED, CLUSTER)));
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              poll();
              assertThat(phases()).endsWith(Phase.LEAVING, Phase.LEFT);
              assertThat(
                      k8s.genericKubernetesResources(ManagedKind.ISTIO.context())
                          .withName(IstioNames.DEFAULT)
                          .get())
                  .isNull();
              assertThat(k8s.namespaces().withName(IstioNames.ISTIO_CNI).get()).isNull();
            });
    k8s.close();
  }

  private static void poll() {
    if (consumer == null) {
      consumer =
          new KafkaConsumer<>(
              KafkaClientConfig.consumer(
                  SharedKafka.bootstrapServers(), "agent-test-" + UUID.randomUUID()));
      consumer.subscribe(List.of(Topics.STATUS, Topics.DLQ));
    }
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      if (!CLUSTER.equals(record.key())) {
        continue;
      }
      (record.topic().equals(Topics.DLQ) ? DLQ : STATUS).add(record);
    }
  }

  private static List<Phase> phases() {
    return STATUS.stream().map(r -> decode(r).phase()).toList();
  }

  private static ClusterStatus decode(ConsumerRecord<String, byte[]> record) {
    try {
      return EventCodec.decode(ClusterStatus.class, record.value());
    } catch (Exception e) {
      throw new AssertionError("a status record that does not decode", e);
    }
  }
}
