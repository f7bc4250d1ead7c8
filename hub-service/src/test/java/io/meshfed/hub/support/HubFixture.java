package io.meshfed.hub.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.meshfed.events.Topics;
import io.meshfed.hub.HubState;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.BeforeEach;

/** Shared setup of the in-memory tests: wait for the rebuild, talk REST, read the sinks. */
public abstract class HubFixture {

  @Inject
  @Connector("smallrye-in-memory")
  protected InMemoryConnector connector;

  @Inject protected HubState state;

  @BeforeEach
  void hubIsReady() {
    await().atMost(Duration.ofSeconds(30)).until(state::isReady);
  }

  /** A request as a mesh-admin sends it. */
  protected static RequestSpecification asAdmin() {
    return given().auth().oauth2(TestTokens.admin());
  }

  protected static ValidatableResponse put(String path, String json) {
    return asAdmin().contentType(ContentType.JSON).body(json).when().put(path).then();
  }

  protected static ValidatableResponse declare(String mesh) {
    return put("/api/v1/meshes/" + mesh, "{\"istioVersion\":\"v1.28.1\"}");
  }

  protected static ValidatableResponse join(String mesh, String cluster, String json) {
    return put("/api/v1/meshes/" + mesh + "/clusters/" + cluster, json);
  }

  /** A join that registers the test agent's signing key of the cluster. */
  protected static ValidatableResponse joinWithKey(String mesh, String cluster, String json) {
    String body =
        json.substring(0, json.lastIndexOf('}'))
            + ",\"signingPublicKey\":\""
            + AgentKeys.publicKey(cluster)
            + "\"}";
    return join(mesh, cluster, body);
  }

  protected static ValidatableResponse get(String path) {
    return asAdmin().when().get(path).then();
  }

  /** Status records as one poll of the broker delivers them to the hub. */
  @SafeVarargs
  protected final void sendStatus(ConsumerRecord<String, byte[]>... records) {
    connector.source("status").send(Records.batch(records));
  }

  /** Everything the hub sent on a topic, as records. */
  protected List<Records.Sent> sent(String topic) {
    String channel =
        switch (topic) {
          case Topics.DESIRED -> "desired-out";
          case Topics.CREDENTIALS -> "credentials-out";
          case Topics.MESHES -> "meshes-out";
          case Topics.EVENTS -> "events-out";
          case Topics.DLQ -> "dlq-out";
          default -> throw new IllegalArgumentException(topic);
        };
    return Records.sent(connector.sink(channel).received());
  }

  protected List<Records.Sent> sent(String topic, Predicate<Records.Sent> filter) {
    return sent(topic).stream().filter(filter).toList();
  }
}
