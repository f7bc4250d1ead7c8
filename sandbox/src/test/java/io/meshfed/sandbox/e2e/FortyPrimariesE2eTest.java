package io.meshfed.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.Topics;
import io.meshfed.sandbox.Sandbox;
import io.meshfed.sandbox.Topology;
import io.meshfed.sandbox.oracle.Reachability;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A mesh of 40 primaries, each on a network of its own, converges in the sandbox: every primary
 * holds the remote secret of the 39 others and the reachability oracle finds all 1,560 ordered
 * pairs reachable. On the way no record on any topic grows past the bound of the contract (256
 * KiB), however many pairs the mesh has: the wire of the first design put every pair's credential
 * in one mesh record and broke Kafka's 1 MB limit at 30 primaries.
 */
class FortyPrimariesE2eTest {

  private static final int PRIMARIES = 40;
  private static final int RECORD_BOUND = 256 * 1024;

  @Test
  void fortyPrimariesConvergeWithEveryRecordUnderTheBound() throws Exception {
    Topology topology = Topology.allPrimaries(PRIMARIES, Topology.GENERATED_ISTIO_VERSION);
    try (Sandbox sandbox = E2eSandboxes.started("forty-primaries", topology, 5, 600)) {
      assertThat(sandbox.declareAndAwait()).as("the mesh converged").isPresent();
      Reachability reachability = sandbox.reachability();
      assertThat(reachability.full()).as(reachability.summary(5)).isTrue();
      assertThat(reachability.pairs()).as("ordered pairs").isEqualTo(PRIMARIES * (PRIMARIES - 1));

      BrokerLog log = new BrokerLog(sandbox.kafka());
      Map<String, Integer> largest = new TreeMap<>();
      List<String> over = new ArrayList<>();
      for (String topic : Topics.ALL) {
        for (ConsumerRecord<String, byte[]> r : log.records(topic)) {
          int size = r.value() == null ? 0 : r.value().length;
          largest.merge(topic, size, Math::max);
          if (size >= RECORD_BOUND) {
            over.add(topic + "/" + r.key() + ": " + size + " bytes");
          }
        }
      }
      System.out.println("largest record per topic, 40 primaries: " + largest);
      assertThat(largest).as("records were read").containsKeys(Topics.MESHES, Topics.CREDENTIALS);
      assertThat(over).as("records of 256 KiB or more").isEmpty();
    }
  }
}
