package io.meshfed.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.DesiredMembership;
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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A cluster whose join declared its gateway address pool cannot put any other address into its
 * peers' {@code meshNetworks}: a report, genuinely signed by its own agent, that names an address
 * outside the pool goes to the dead-letter topic as {@code GatewayAddressOutsidePool} and changes
 * nothing.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(3)
class GatewayPoolStatusTest extends HubFixture {

  private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

  private static ClusterStatus status(String mesh, String cluster, String ip, long sequence) {
    return new ClusterStatus(
            mesh,
            cluster,
            Phase.READY,
            List.of(new Condition("Ready", "True", "Test", null, null)),
            1,
            1,
            List.of(GatewayAddress.ip(ip)),
            "test",
            List.of(),
            "https://" + cluster + ":6443",
            T.plusSeconds(sequence))
        .withSequence(sequence);
  }

  private void report(ClusterStatus s) {
    sendStatus(Records.signedAsIs(s.clusterName(), s, AgentKeys.of(s.clusterName())));
  }

  @Test
  void anAddressOutsideTheDeclaredPoolNeverReachesThePeers() {
    declare("pool-a").statusCode(202);
    joinWithKey(
            "pool-a",
            "pa1",
            "{\"role\":\"PRIMARY\",\"network\":\"na\",\"gatewayAddressPool\":[\"10.8.1.0/24\"]}")
        .statusCode(202);
    joinWithKey("pool-a", "pa2", "{\"role\":\"PRIMARY\",\"network\":\"nb\"}").statusCode(202);
    assertThat(
            sent(Topics.DESIRED, r -> "pa1".equals(r.key())).stream()
                .map(r -> r.as(DesiredMembership.class).gatewayAddressPool())
                .toList())
        .as("the pool is on the hub's durable record of the member")
        .contains(List.of("10.8.1.0/24"));

    report(status("pool-a", "pa1", "10.8.1.5", 1));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                get("/api/v1/meshes/pool-a")
                    .body("clusters[0].eastWestAddress", equalTo("10.8.1.5")));

    report(status("pool-a", "pa1", "10.9.9.9", 2));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sent(Topics.DLQ, r -> "pa1".equals(r.key())))
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.header("dead-letter-cause"))
                              .isEqualTo("GatewayAddressOutsidePool");
                          assertThat(r.header("dead-letter-reason"))
                              .contains("10.9.9.9")
                              .contains("10.8.1.0/24");
                        }));
    get("/api/v1/meshes/pool-a").body("clusters[0].eastWestAddress", equalTo("10.8.1.5"));
    assertThat(Management.metrics())
        .contains(
            "meshfed_hub_status_rejected_total{mesh=\"pool-a\",reason=\"GatewayAddressOutsidePool\"}"
                + " 1.0");
  }

  @Test
  void aPoolEntryThatIsNoAddressBlockOrNameIsRefusedNamingTheField() {
    declare("pool-b").statusCode(202);

    joinWithKey("pool-b", "pb1", "{\"role\":\"PRIMARY\",\"gatewayAddressPool\":[\"10.8.1.0/33\"]}")
        .statusCode(400)
        .body("reason", equalTo("InvalidGatewayAddressPool"))
        .body("field", equalTo("gatewayAddressPool"))
        .body("message", containsString("10.8.1.0/33"));
  }
}
