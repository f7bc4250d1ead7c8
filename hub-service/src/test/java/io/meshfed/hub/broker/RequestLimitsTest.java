package io.meshfed.hub.broker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubState;
import io.meshfed.hub.support.Management;
import io.meshfed.hub.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Requests over the hub's size bound (meshfed.hub.max-request-bytes, 64 KiB by default) on a real
 * broker: a REST body over it is answered 413 with a problem naming the bound and never reaches the
 * request topic, sent with a Content-Length or chunked; a request record over it goes to the
 * dead-letter topic, and the next request is still decided.
 */
@QuarkusTest
@TestProfile(ThirdLifeProfile.class)
@Order(12)
class RequestLimitsTest {

  private static final int BOUND = 65536;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Inject HubState state;

  @TestHTTPResource("/api/v1/meshes/")
  URI meshes;

  @BeforeEach
  void hubIsReady() {
    await().atMost(Duration.ofSeconds(60)).until(state::isReady);
  }

  /** Valid JSON of exactly {@code size} bytes: the object, then blanks. */
  private static byte[] padded(String json, int size) {
    return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> send(String method, String path, byte[] body, boolean chunked)
      throws Exception {
    HttpRequest.BodyPublisher publisher =
        chunked
            // an input stream has no known length: the client sends it chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
            : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest request =
        HttpRequest.newBuilder(meshes.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + TestTokens.admin())
            .header("Content-Type", "application/json")
            .method(method, publisher)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private long requestRecords() {
    return BrokerLog.recordCounts(List.of(Topics.REQUESTS)).getOrDefault(Topics.REQUESTS, 0L);
  }

  private void assertTooLarge(HttpResponse<String> response, String what) throws Exception {
    assertThat(response.statusCode()).as(what + ": status").isEqualTo(413);
    assertThat(response.headers().firstValue("Connection"))
        .as(what + ": the unread rest of the body closes the connection")
        .hasValue("close");
    assertThat(response.headers().firstValue("Content-Type"))
        .as(what + ": content type")
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("reason").asText()).as(what + ": reason").isEqualTo("TooLarge");
    assertThat(problem.path("message").asText())
        .as(what + ": message names the bound")
        .contains("at most " + BOUND + " bytes")
        .contains("meshfed.hub.max-request-bytes");
  }

  @Test
  void aBodyOverTheBoundIs413AndNothingIsWrittenToTheRequestTopic() throws Exception {
    String join = "{\"role\":\"PRIMARY\",\"network\":\"network1\"}";
    String declare = "{\"istioVersion\":\"v1.28.1\"}";
    assertThat(
            send("PUT", "limits-a", declare.getBytes(StandardCharsets.UTF_8), false).statusCode())
        .isEqualTo(202);
    // At the bound, with blanks: still a request.
    assertThat(send("PUT", "limits-a/clusters/c0", padded(join, BOUND), true).statusCode())
        .as("a body of exactly the bound is taken")
        .isEqualTo(202);
    long before = requestRecords();

    byte[] justOver = padded(join, BOUND + 1);
    byte[] issueSized = padded(join, 3 * 1024 * 1024);
    for (boolean chunked : new boolean[] {false, true}) {
      String how = chunked ? " (chunked)" : " (Content-Length)";
      HttpResponse<String> over = send("PUT", "limits-a/clusters/c1", justOver, chunked);
      assertTooLarge(over, "one byte over" + how);
      assertThat(over.body())
          .contains(chunked ? "more than " + BOUND + " bytes" : (BOUND + 1) + " bytes");
      assertTooLarge(send("PUT", "limits-a/clusters/c2", issueSized, chunked), "3 MiB join" + how);
      assertTooLarge(
          send("PUT", "limits-b", padded(declare, BOUND + 1), chunked), "declaration" + how);
    }
    assertTooLarge(
        send("DELETE", "limits-a/clusters/c0", issueSized, false), "a leave with a body");
    // Over Quarkus' default body limit (10 MiB), which would answer an empty 413 of its own.
    assertTooLarge(
        send("PUT", "limits-a/clusters/c3", padded(join, 11 * 1024 * 1024), false),
        "11 MiB join (Content-Length)");

    assertThat(requestRecords()).as("records on " + Topics.REQUESTS).isEqualTo(before);
    given()
        .auth()
        .oauth2(TestTokens.viewer())
        .get("/api/v1/meshes/limits-a")
        .then()
        .statusCode(200)
        .body("clusters.name", org.hamcrest.Matchers.contains("c0"));
    given()
        .auth()
        .oauth2(TestTokens.viewer())
        .get("/api/v1/meshes/limits-b")
        .then()
        .statusCode(404);
  }

  @Test
  void aRequestRecordOverTheBoundIsDeadLetteredAndTheNextIsDecided() throws Exception {
    DeclareMesh big = new DeclareMesh("limits-big", "v1.28.1", null, null);
    String json = new String(EventCodec.encode(big), StandardCharsets.UTF_8);
    int size = BOUND + 100;
    BrokerLog.publishRecord(
        BrokerLog.signed(
            new ProducerRecord<>(
                Topics.REQUESTS,
                null,
                "limits-big",
                padded(json, size),
                KafkaEvents.headers(EventType.of(big), "/test/platform", "r-big", Instant.now()))));
    BrokerLog.publishRecord(
        BrokerLog.signed(
            KafkaEvents.record(
                "limits-next",
                new DeclareMesh("limits-next", "v1.28.1", null, null),
                "/test/platform",
                "r-next",
                Instant.now())));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(BrokerLog.readAll(Topics.DLQ))
                  .filteredOn(r -> "limits-big".equals(r.key()))
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(header(r, "dead-letter-cause")).isEqualTo("TooLarge");
                        assertThat(header(r, "dead-letter-reason"))
                            .contains(size + " bytes", "at most " + BOUND + " bytes");
                        assertThat(header(r, "dead-letter-topic")).isEqualTo(Topics.REQUESTS);
                        assertThat(header(r, CloudEventHeaders.ID)).isEqualTo("r-big");
                      });
              assertThat(accepted()).contains("r-next");
            });
    assertThat(accepted()).doesNotContain("r-big");
    given()
        .auth()
        .oauth2(TestTokens.viewer())
        .get("/api/v1/meshes/limits-next")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(TestTokens.viewer())
        .get("/api/v1/meshes/limits-big")
        .then()
        .statusCode(404);
    assertThat(Management.metrics()).contains("meshfed_hub_dlq_total{reason=\"TooLarge\"} 1.0");
  }

  private static List<String> accepted() {
    return BrokerLog.readAll(Topics.EVENTS).stream()
        .filter(
            r -> "io.meshfed.event.request.accepted.v1".equals(header(r, CloudEventHeaders.TYPE)))
        .map(r -> decodeAccepted(r.value()).requestId())
        .toList();
  }

  private static RequestAccepted decodeAccepted(byte[] value) {
    try {
      return EventCodec.decode(RequestAccepted.class, value);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return KafkaEvents.header(record.headers(), name);
  }
}
