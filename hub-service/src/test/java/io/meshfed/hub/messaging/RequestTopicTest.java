package io.meshfed.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.meshfed.events.Topics;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.model.RequestRejected;
import io.meshfed.events.model.Role;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Records;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The event door: requests on meshfed.requests.v1, outcomes on meshfed.events.v1. */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(2)
class RequestTopicTest extends HubFixture {

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
                            "topic-a", "r-1", "io.meshfed.request.mesh.declare.v1", null, 1, null),
                        new RequestAccepted(
                            "topic-a",
                            "r-2",
                            "io.meshfed.request.cluster.join.v1",
                            "ta1",
                            1,
                            null)));
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
