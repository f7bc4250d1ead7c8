package io.meshfed.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.meshfed.events.Topics;
import io.meshfed.events.model.RequestRejected;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Records;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Requests are checked against the JSON Schemas events-schema publishes, over REST and on the
 * request topic alike: a value the schema refuses is rejected naming the field (a 400 over REST, a
 * RequestRejected event on the topic, the dead-letter topic for a record without a mesh key), and a
 * value it allows is accepted.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(9)
class RequestSchemaTest extends HubFixture {

  private static final String JOIN = "io.meshfed.request.cluster.join.v1";

  private RequestRejected rejection(String requestId) {
    return sent(Topics.EVENTS).stream()
        .filter(r -> "io.meshfed.event.request.rejected.v1".equals(r.ceType()))
        .map(r -> r.as(RequestRejected.class))
        .filter(r -> r.requestId().equals(requestId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rejection of " + requestId));
  }

  @Test
  void restAcceptsALabelValueNetworkAndRefusesWhatTheSchemaRefusesNamingTheField() {
    declare("rs-a").statusCode(202);

    join("rs-a", "rs-p1", "{\"role\":\"PRIMARY\",\"network\":\"Network_C1\"}").statusCode(202);
    join("rs-a", "rs-p2", "{\"role\":\"PRIMARY\",\"network\":\"net.c1\"}").statusCode(202);
    join("rs-a", "rs-p3", "{\"role\":\"PRIMARY\",\"network\":\"net.c1_\"}")
        .statusCode(400)
        .body("reason", equalTo("InvalidNetwork"))
        .body("field", equalTo("network"))
        .body("message", containsString("label value"));
    join(
            "rs-a",
            "rs-p3",
            "{\"role\":\"PRIMARY\",\"gatewayPlacement\":{\"tolerations\":[{\"effect\":\"Never\"}]}}")
        .statusCode(400)
        .body("reason", equalTo("InvalidGatewayPlacement"))
        .body("field", equalTo("gatewayPlacement.tolerations[0].effect"))
        .body("message", containsString("NoExecute"));

    get("/api/v1/meshes/rs-a")
        .body("clusters.name", org.hamcrest.Matchers.contains("rs-p1", "rs-p2"));
  }

  @Test
  void onTheTopicASchemaViolationIsRejectedNamingTheFieldOrDeadLetteredWithoutAMeshKey() {
    declare("rs-b").statusCode(202);
    String body =
        "{\"meshId\":\"rs-b\",\"clusterName\":\"rs-b1\",\"role\":\"PRIMARY\",\"network\":\"-n1\"}";
    connector.source("requests").send(Records.raw(Topics.REQUESTS, "rs-b", body, JOIN, "rs-r1"));
    connector
        .source("requests")
        .send(Records.raw(Topics.REQUESTS, "Not a mesh", body, JOIN, "rs-r2"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              RequestRejected r = rejection("rs-r1");
              assertThat(r.reason()).isEqualTo("InvalidNetwork");
              assertThat(r.field()).isEqualTo("network");
              assertThat(r.message()).contains("JoinCluster schema");
              assertThat(sent(Topics.DLQ, d -> "Not a mesh".equals(d.key())))
                  .singleElement()
                  .satisfies(
                      d -> {
                        assertThat(d.header("dead-letter-cause")).isEqualTo("InvalidNetwork");
                        assertThat(d.header("dead-letter-reason")).startsWith("network ");
                        assertThat(new String(d.value())).isEqualTo(body);
                      });
            });
    assertThat(sent(Topics.DESIRED, r -> "rs-b1".equals(r.key()))).isEmpty();
  }
}
