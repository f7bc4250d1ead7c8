package io.meshfed.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.meshfed.events.Topics;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.model.RequestRejected;
import io.meshfed.events.model.Role;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.hub.metrics.HubMetrics;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Management;
import io.meshfed.hub.support.Records;
import io.meshfed.hub.support.TestSigners;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The event door: requests on meshfed.requests.v1, outcomes on meshfed.events.v1. */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(2)
class RequestTopicTest extends HubFixture {

  @jakarta.inject.Inject io.micrometer.core.instrument.MeterRegistry registry;

  /** The name of the platform key (group mesh-admin) that Records.request signs with by default. */
  private static final String ACTOR = "platform-team";

  private void send(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
    connector.source("requests").send(record);
  }

  private RequestRejected rejection(String requestId) {
    return sent(Topics.EVENTS).stream()
        .filter(r -> "io.meshfed.event.request.rejected.v1".equals(r.ceType()))
        .map(r -> r.as(RequestRejected.class))
        .filter(r -> r.requestId().equals(requestId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rejection of " + requestId));
  }

  @Test
  void requestEventsAreAcceptedWithTheirGeneration() {
    send(
        Records.request(
            "topic-a", new DeclareMesh("topic-a", "v1.28.1", null, null), "r-1", Instant.now()));
    send(
        Records.request(
            "topic-a",
            new JoinCluster("topic-a", "ta1", Role.PRIMARY, "n1", null, null, null),
            "r-2",
            Instant.now()));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sent(Topics.EVENTS, r -> "topic-a".equals(r.key())))
                    .filteredOn(r -> "io.meshfed.event.request.accepted.v1".equals(r.ceType()))
                    .extracting(r -> r.as(RequestAccepted.class))
                    .containsExactly(
                        new RequestAccepted(
                            "topic-a", "r-1", "io.meshfed.request.mesh.declare.v1", null, 1, ACTOR),
                        new RequestAccepted(
                            "topic-a",
                            "r-2",
                            "io.meshfed.request.cluster.join.v1",
                            "ta1",
                            1,
                            ACTOR)));
    assertThat(sent(Topics.DESIRED, r -> "ta1".equals(r.key())))
        .singleElement()
        .satisfies(r -> assertThat(r.as(DesiredMembership.class).role()).isEqualTo(Role.PRIMARY));
    get("/api/v1/meshes/topic-a").body("clusters[0].name", equalTo("ta1"));
  }

  @Test
  void invalidRequestEventIsRejectedWithTheSameReasonAsRest() {
    send(
        Records.request(
            "topic-b",
            new JoinCluster("topic-b", "tb1", Role.PRIMARY, "n1", null, null, null),
            "r-404",
            Instant.now()));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              RequestRejected r = rejection("r-404");
              assertThat(r.reason()).isEqualTo("MeshNotFound");
              assertThat(r.clusterName()).isEqualTo("tb1");
              assertThat(r.message()).contains("PUT /api/v1/meshes/topic-b");
            });
  }

  @Test
  void unknownFieldOrEnumInARequestEventIsARejectionNamingTheField() {
    send(
        Records.raw(
            Topics.REQUESTS,
            "topic-c",
            "{\"meshId\":\"topic-c\",\"clusterName\":\"tc1\",\"role\":\"PRIMARY\",\"colour\":\"red\"}",
            "io.meshfed.request.cluster.join.v1",
            "r-unknown-field"));
    send(
        Records.raw(
            Topics.REQUESTS,
            "topic-c",
            "{\"meshId\":\"topic-c\",\"clusterName\":\"tc1\",\"role\":\"BOSS\"}",
            "io.meshfed.request.cluster.join.v1",
            "r-unknown-enum"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              RequestRejected field = rejection("r-unknown-field");
              assertThat(field.reason()).isEqualTo("UnknownField");
              assertThat(field.field()).isEqualTo("colour");
              RequestRejected value = rejection("r-unknown-enum");
              assertThat(value.field()).isEqualTo("role");
            });
  }

  /** The outcomes (acceptances and rejections) of one request on the events topic. */
  private java.util.List<Object> outcomesOf(String requestId) {
    java.util.List<Object> outcomes = new java.util.ArrayList<>();
    for (var r : sent(Topics.EVENTS)) {
      if ("io.meshfed.event.request.accepted.v1".equals(r.ceType())
          && r.as(RequestAccepted.class).requestId().equals(requestId)) {
        outcomes.add(r.as(RequestAccepted.class));
      } else if ("io.meshfed.event.request.rejected.v1".equals(r.ceType())
          && r.as(RequestRejected.class).requestId().equals(requestId)) {
        outcomes.add(r.as(RequestRejected.class));
      }
    }
    return outcomes;
  }

  private RequestAccepted acceptance(String requestId) {
    return sent(Topics.EVENTS).stream()
        .filter(r -> "io.meshfed.event.request.accepted.v1".equals(r.ceType()))
        .map(r -> r.as(RequestAccepted.class))
        .filter(r -> r.requestId().equals(requestId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no acceptance of " + requestId));
  }

  /** Nothing of the mesh on the log but rejections: no desired, mesh or accepted records. */
  private void assertNothingChanged(String mesh, String cluster) {
    assertThat(sent(Topics.DESIRED, r -> cluster.equals(r.key()))).as("desired").isEmpty();
    assertThat(sent(Topics.MESHES, r -> mesh.equals(r.key()))).as("mesh records").isEmpty();
    assertThat(sent(Topics.EVENTS, r -> mesh.equals(r.key())))
        .as("events of " + mesh)
        .allSatisfy(r -> assertThat(r.ceType()).isEqualTo("io.meshfed.event.request.rejected.v1"));
    get("/api/v1/meshes/" + mesh).statusCode(404);
  }

  @Test
  void anUnsignedRequestIsRejectedUnauthenticatedAndChangesNothing() {
    send(
        Records.request(
            "topic-noauth",
            new DeclareMesh("topic-noauth", "v1.28.1", null, null),
            "r-unsigned",
            Instant.now(),
            null));
    ConsumerRecord<String, byte[]> moved =
        Records.request(
            "topic-noauth",
            new JoinCluster("topic-noauth", "tn1", Role.PRIMARY, "n1", null, null, null),
            "r-moved",
            Instant.now());
    // The platform team's signature of a join, on another request body: a leave.
    ConsumerRecord<String, byte[]> leave =
        Records.request(
            "topic-noauth",
            new LeaveCluster("topic-noauth", "tn1"),
            "r-moved",
            Instant.now(),
            null);
    moved
        .headers()
        .forEach(
            h -> {
              if (h.key().equals(CloudEventHeaders.SIGNATURE)
                  || h.key().equals(CloudEventHeaders.KEY_ID)) {
                leave.headers().add(h);
              }
            });
    send(leave);
    send(
        Records.request(
            "topic-after",
            new DeclareMesh("topic-after", "v1.28.1", null, null),
            "r-after-noauth",
            Instant.now()));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              RequestRejected none = rejection("r-unsigned");
              assertThat(none.reason()).isEqualTo("Unauthenticated");
              assertThat(none.actor()).isNull();
              assertThat(none.requestType()).isEqualTo("io.meshfed.request.mesh.declare.v1");
              assertThat(none.message()).contains("not signed");
              RequestRejected forged = rejection("r-moved");
              assertThat(forged.reason()).isEqualTo("Unauthenticated");
              assertThat(forged.clusterName()).isEqualTo("tn1");
              assertThat(forged.message()).contains("does not verify");
              assertThat(acceptance("r-after-noauth").actor()).isEqualTo(ACTOR);
            });
    assertNothingChanged("topic-noauth", "tn1");
    assertThat(Management.metrics())
        .containsPattern(
            "meshfed_hub_requests_total\\{outcome=\"rejected\",reason=\"Unauthenticated\"\\}"
                + " [1-9]");
  }

  @Test
  void aKeyNobodyRegisteredAnOldRequestAndACopyOfOneTakenInAreUnauthenticated() {
    send(
        Records.request(
            "topic-forged",
            new DeclareMesh("topic-forged", "v1.28.1", null, null),
            "r-stranger",
            Instant.now(),
            TestSigners.STRANGER));
    send(
        Records.request(
            "topic-forged",
            new DeclareMesh("topic-forged", "v1.28.1", null, null),
            "r-old",
            Instant.now().minus(Duration.ofHours(1))));
    ConsumerRecord<String, byte[]> once =
        Records.request(
            "topic-once",
            new DeclareMesh("topic-once", "v1.28.1", null, null),
            "r-once",
            Instant.now());
    send(once);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> acceptance("r-once"));
    send(once);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              RequestRejected stranger = rejection("r-stranger");
              assertThat(stranger.reason()).isEqualTo("Unauthenticated");
              assertThat(stranger.actor()).isNull();
              assertThat(stranger.message()).contains("not registered");
              RequestRejected old = rejection("r-old");
              assertThat(old.reason()).isEqualTo("Unauthenticated");
              assertThat(old.message()).contains("meshfed.hub.request-max-age");
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(registry.find(HubMetrics.REQUESTS).tag("outcome", "duplicate").counter())
                    .as("the copy of r-once, taken in already")
                    .isNotNull()
                    .extracting(c -> c.count())
                    .isEqualTo(1.0));
    assertThat(outcomesOf("r-once"))
        .as("one outcome for r-once, its acceptance: the copy gets none")
        .hasSize(1);
    assertNothingChanged("topic-forged", "none");
  }

  @Test
  void aKeyOfOneMeshChangesItAndIsForbiddenAnother() {
    send(
        Records.request(
            "topic-f",
            new DeclareMesh("topic-f", "v1.28.1", null, null),
            "r-other-mesh",
            Instant.now(),
            TestSigners.TEAM_E));
    send(
        Records.request(
            "topic-e",
            new DeclareMesh("topic-e", "v1.28.1", null, null),
            "r-own-mesh",
            Instant.now(),
            TestSigners.TEAM_E));
    send(
        Records.request(
            "topic-e",
            new JoinCluster("topic-e", "te1", Role.PRIMARY, "n1", null, null, null),
            "r-own-join",
            Instant.now(),
            TestSigners.TEAM_E));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              RequestRejected other = rejection("r-other-mesh");
              assertThat(other.reason()).isEqualTo("Forbidden");
              assertThat(other.actor()).isEqualTo("team-e");
              assertThat(other.message()).contains("mesh-admin:topic-f");
              assertThat(acceptance("r-own-mesh").actor()).isEqualTo("team-e");
              RequestAccepted join = acceptance("r-own-join");
              assertThat(join.actor()).isEqualTo("team-e");
              assertThat(join.clusterName()).isEqualTo("te1");
            });
    assertNothingChanged("topic-f", "none");
    assertThat(sent(Topics.DESIRED, r -> "te1".equals(r.key()))).hasSize(1);
    assertThat(Management.metrics())
        .containsPattern(
            "meshfed_hub_requests_total\\{outcome=\"rejected\",reason=\"Forbidden\"\\} [1-9]");
  }

  @Test
  void unreadableRequestWithoutAnIdGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
    send(
        Records.raw(
            Topics.REQUESTS, "topic-d", "{not json", "io.meshfed.request.cluster.join.v1", null));
    send(Records.raw(Topics.REQUESTS, null, "{}", null, null));
    send(
        Records.request(
            "topic-d",
            new DeclareMesh("topic-d", "v1.28.1", null, null),
            "r-after",
            Instant.now()));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(sent(Topics.DLQ, r -> "topic-d".equals(r.key())))
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.header("dead-letter-cause")).isEqualTo("BadJson");
                        assertThat(r.header("dead-letter-reason")).contains("not valid JSON");
                        assertThat(r.header("dead-letter-topic")).isEqualTo(Topics.REQUESTS);
                      });
              assertThat(sent(Topics.DLQ, r -> r.key() == null))
                  .anySatisfy(
                      r -> assertThat(r.header("dead-letter-cause")).isEqualTo("MissingType"));
              assertThat(sent(Topics.EVENTS, r -> "topic-d".equals(r.key())))
                  .anySatisfy(
                      r ->
                          assertThat(r.as(RequestAccepted.class).requestId()).isEqualTo("r-after"));
            });
  }
}
