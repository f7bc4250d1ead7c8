package io.meshfed.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Phase;
import io.meshfed.hub.support.AgentKeys;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Management;
import io.meshfed.hub.support.Records;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A genuine status report sent again (by anyone who can write {@code meshfed.status.v1}) changes
 * nothing: its signed sequence is not greater than that of the last report the hub took in for the
 * cluster, so it goes to the dead-letter topic as {@code Replayed}.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(3)
class ReplayedStatusTest extends HubFixture {

  private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

  private static ClusterStatus status(
      String mesh, String cluster, Phase phase, String ip, long sequence) {
    return new ClusterStatus(
            mesh,
            cluster,
            phase,
            List.of(
                new Condition(
                    "Ready", phase == Phase.READY ? "True" : "False", "Test", null, null)),
            1,
            1,
            List.of(GatewayAddress.ip(ip)),
            "test",
            List.of(),
            "https://" + cluster + ":6443",
            T.plusSeconds(sequence))
        .withSequence(sequence);
  }

  /** The record an agent wrote, or the same bytes written again by someone else. */
  private static ConsumerRecord<String, byte[]> record(ClusterStatus status) {
    return Records.signedAsIs(status.clusterName(), status, AgentKeys.of(status.clusterName()));
  }

  private List<String> deadLetterCauses(String cluster) {
    return sent(Topics.DLQ, r -> cluster.equals(r.key())).stream()
        .map(r -> r.header("dead-letter-cause"))
        .toList();
  }

  private void awaitAddress(String mesh, int index, String ip) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                get("/api/v1/meshes/" + mesh)
                    .body("clusters[" + index + "].eastWestAddress", equalTo(ip)));
  }

  @Test
  void anEarlierGenuineReportSentAgainIsRefusedAsReplayed() {
    declare("rp-a").statusCode(202);
    joinWithKey("rp-a", "rpa", "{\"role\":\"PRIMARY\",\"network\":\"na\"}").statusCode(202);
    joinWithKey("rp-a", "rpb", "{\"role\":\"PRIMARY\",\"network\":\"nb\"}").statusCode(202);
    ClusterStatus third = status("rp-a", "rpb", Phase.INSTALLING, "10.3.0.3", 3);
    ClusterStatus fifth = status("rp-a", "rpb", Phase.READY, "10.5.0.5", 5);
    sendStatus(record(third));
    awaitAddress("rp-a", 1, "10.3.0.3");
    sendStatus(record(fifth));
    awaitAddress("rp-a", 1, "10.5.0.5");

    sendStatus(record(third));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(deadLetterCauses("rpb")).containsExactly("Replayed"));
    assertThat(sent(Topics.DLQ, r -> "rpb".equals(r.key())).get(0).header("dead-letter-reason"))
        .contains("cluster rpb")
        .contains("sequence 3")
        .contains("not greater than 5");
    get("/api/v1/meshes/rp-a")
        .body("clusters[1].phase", equalTo("Ready"))
        .body("clusters[1].eastWestAddress", equalTo("10.5.0.5"));
    assertThat(Management.metrics())
        .contains("meshfed_hub_status_rejected_total{mesh=\"rp-a\",reason=\"Replayed\"} 1.0");
  }

  /**
   * A busy cluster's reports arrive several to a batch: the greatest sequence is taken in, the
   * others are set aside without a dead letter; the same report again is a replay.
   */
  @Test
  void withinABatchTheGreatestSequenceWinsAndADuplicateIsAReplay() {
    declare("rp-b").statusCode(202);
    joinWithKey("rp-b", "rpc", "{\"role\":\"PRIMARY\",\"network\":\"nc\"}").statusCode(202);
    ClusterStatus eleventh = status("rp-b", "rpc", Phase.READY, "10.11.0.11", 11);
    ClusterStatus tenth = status("rp-b", "rpc", Phase.READY, "10.10.0.10", 10);
    ClusterStatus twelfth = status("rp-b", "rpc", Phase.READY, "10.12.0.12", 12);

    // The tenth comes after the eleventh in the batch: written again after it, it loses to it.
    sendStatus(record(eleventh), record(tenth));
    awaitAddress("rp-b", 0, "10.11.0.11");
    sendStatus(record(twelfth), record(twelfth));
    awaitAddress("rp-b", 0, "10.12.0.12");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(deadLetterCauses("rpc")).containsExactly("Replayed"));
    assertThat(sent(Topics.DLQ, r -> "rpc".equals(r.key())).get(0).header("dead-letter-reason"))
        .contains("a second time");
  }

  /** An agent from before sequences keeps working until its cluster sends a sequenced report. */
  @Test
  void aReportWithoutSequenceIsTakenInOnlyUntilASequencedOneWas() {
    declare("rp-c").statusCode(202);
    joinWithKey("rp-c", "rpd", "{\"role\":\"PRIMARY\",\"network\":\"nd\"}").statusCode(202);
    ClusterStatus older = status("rp-c", "rpd", Phase.READY, "10.20.0.1", 0);

    sendStatus(record(older));
    awaitAddress("rp-c", 0, "10.20.0.1");
    sendStatus(record(status("rp-c", "rpd", Phase.READY, "10.20.0.2", 0)));
    awaitAddress("rp-c", 0, "10.20.0.2");
    sendStatus(record(status("rp-c", "rpd", Phase.READY, "10.20.0.3", 1)));
    awaitAddress("rp-c", 0, "10.20.0.3");
    sendStatus(record(older));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(deadLetterCauses("rpd")).containsExactly("Replayed"));
    get("/api/v1/meshes/rp-c").body("clusters[0].eastWestAddress", equalTo("10.20.0.3"));
  }
}
