package io.meshfed.hub.broker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshfed.events.Topics;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.hub.HubState;
import io.meshfed.hub.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The hub's second lifetime on the broker {@link HubFirstLifeTest} used: it rebuilds from the log,
 * answers as before, writes nothing that did not change, and carries on with the next generation
 * under a new epoch.
 */
@QuarkusTest
@TestProfile(SecondLifeProfile.class)
@Order(11)
class HubSecondLifeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject HubState state;

  @Test
  void restartedHubAnswersTheSameAndRepublishesNothing() throws Exception {
    String before = System.getProperty(Lifetimes.MESHES_ANSWER);
    Assumptions.assumeTrue(before != null, "runs after HubFirstLifeTest in the same JVM");
    await().atMost(Duration.ofSeconds(60)).until(state::isReady);

    String after = given().auth().oauth2(TestTokens.viewer()).get("/api/v1/meshes").asString();
    assertThat(withoutLastSeen(after)).isEqualTo(withoutLastSeen(before));
    assertThat(JSON.readTree(after).findValues("lastSeen")).allMatch(JsonNode::isTextual);
    assertThat(BrokerLog.recordCounts(Lifetimes.HUB_TOPICS).toString())
        .as("a restart republishes nothing that did not change")
        .isEqualTo(System.getProperty(Lifetimes.RECORD_COUNTS));

    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(
            "{\"role\":\"PRIMARY\",\"network\":\"network1\",\"apiServerUrl\":\"https://east.vpn:6443\","
                + "\"apiServerTlsServerName\":\"kubernetes.default.svc\"}")
        .when()
        .put("/api/v1/meshes/" + Lifetimes.MESH + "/clusters/east")
        .then()
        .statusCode(202)
        .body("generation", equalTo(3));

    List<ConsumerRecord<String, byte[]>> desired = BrokerLog.readAll(Topics.DESIRED);
    ConsumerRecord<String, byte[]> last =
        desired.stream().filter(r -> "east".equals(r.key())).reduce((a, b) -> b).orElseThrow();
    DesiredMembership east = EventCodec.decode(DesiredMembership.class, last.value());
    assertThat(east.generation()).isEqualTo(3);
    assertThat(east.externalIstiod()).isTrue();
    assertThat(east.epoch()).as("the second lifetime writes under a new epoch").isEqualTo(2);
    assertThat(east.apiServerUrl()).isEqualTo("https://east.vpn:6443");
    assertThat(east.apiServerTlsServerName()).isEqualTo("kubernetes.default.svc");
  }

  private static JsonNode withoutLastSeen(String json) throws Exception {
    JsonNode tree = JSON.readTree(json);
    for (JsonNode mesh : tree.get("meshes")) {
      for (JsonNode cluster : mesh.get("clusters")) {
        ((ObjectNode) cluster).remove("lastSeen");
      }
    }
    return tree;
  }
}
