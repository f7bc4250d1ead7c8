package io.meshfed.agent.component;

import io.meshfed.agent.model.SeedTopologies;
import io.meshfed.events.Topics;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.kafka.KafkaClientConfig;
import io.meshfed.kafka.SharedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Runs the agent on a real Kafka broker (in this JVM), as cluster {@value #CLUSTER}. Before the
 * agent starts, the state topics already hold a history for it: a join, a tombstone, a re-join, a
 * desired record and a credential record it cannot read, records of another cluster, its mesh's
 * record and its own credential record. Read from the beginning, that history must end in the
 * re-joined state, never in a leave.
 */
public class RealKafkaResource implements QuarkusTestResourceLifecycleManager {

  public static final String CLUSTER = "replay1";
  public static final String MESH = "mesh-r";

  @Override
  public Map<String, String> start() {
    String bootstrap = SharedKafka.bootstrapServers();
    writeHistory(bootstrap);
    Map<String, String> props = new HashMap<>();
    props.put("kafka.bootstrap.servers", bootstrap);
    props.put("meshfed.agent.cluster-name", CLUSTER);
    props.put("meshfed.agent.hub.signing-public-keys", TestHubKey.publicKey());
    props.put("meshfed.agent.resync-interval", "1h");
    props.put("meshfed.agent.heartbeat-interval", "1h");
    props.put("meshfed.agent.retry.initial-backoff", "100ms");
    return props;
  }

  @Override
  public void stop() {
    // the shared broker stops with the JVM
  }

  public static DesiredMembership desired(long generation) {
    return SeedTopologies.withPlan(
        SeedTopologies.withGeneration(
            new DesiredMembership(
                MESH, CLUSTER, Role.PRIMARY, "network1", null, "v1.28.1", null, null, null, 1, 1),
            generation),
        false);
  }

  public static MeshRecord mesh() {
    return new MeshRecord(
        MESH,
        1,
        "v1.28.1",
        new TreeMap<>(Map.of("network1", SeedTopologies.network(List.of(CLUSTER), null))),
        new TreeMap<>(Map.of(CLUSTER, new MeshPrimary(null, null))),
        null,
        null,
        null);
  }

  private static void writeHistory(String bootstrap) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClientConfig.producer(bootstrap))) {
      List<ProducerRecord<String, byte[]>> history =
          List.of(
              KafkaEvents.record(CLUSTER, desired(1), "/test"),
              KafkaEvents.record("other-cluster", desired(4), "/test"),
              KafkaEvents.tombstone(Topics.DESIRED, CLUSTER),
              KafkaEvents.record(CLUSTER, desired(1), "/test"),
              malformed(),
              KafkaEvents.record(MESH, mesh(), "/test"),
              KafkaEvents.record(CLUSTER, credential(), "/test"),
              malformedCredential());
      for (ProducerRecord<String, byte[]> record : history) {
        producer.send(TestHubKey.signed(record)).get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write the history", e);
    }
  }

  public static SharedCredential credential() {
    return new SharedCredential(MESH, CLUSTER, 1, "https://replay1:6443", null, null);
  }

  private static ProducerRecord<String, byte[]> malformedCredential() {
    ProducerRecord<String, byte[]> valid = KafkaEvents.record(CLUSTER, credential(), "/test");
    return new ProducerRecord<>(
        Topics.CREDENTIALS,
        null,
        CLUSTER,
        "{\"meshId\":\"mesh-r\",\"sender\":\"replay1\"}".getBytes(StandardCharsets.UTF_8),
        valid.headers());
  }

  private static ProducerRecord<String, byte[]> malformed() {
    ProducerRecord<String, byte[]> valid = KafkaEvents.record(CLUSTER, desired(1), "/test");
    return new ProducerRecord<>(
        Topics.DESIRED,
        null,
        CLUSTER,
        "{\"meshId\":\"mesh-r\",\"clusterName\":\"replay1\"}".getBytes(StandardCharsets.UTF_8),
        valid.headers());
  }
}
