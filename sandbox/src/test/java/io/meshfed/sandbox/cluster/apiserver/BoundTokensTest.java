package io.meshfed.sandbox.cluster.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A token from the TokenRequest API is refused once it expired, as {@code claims.go} refuses it.
 */
class BoundTokensTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
  private Instant now = Instant.parse("2026-12-03T12:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void aTokenIsValidUntilItsExpiryAndNotASecondLonger() throws Exception {
    create(
        "/api/v1/namespaces/team/serviceaccounts",
        "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"reader\",\"namespace\":\"team\"}}");
    BoundTokens tokens = new BoundTokens(new StoreReader(store), clock, Duration.ofDays(7));

    Map.Entry<String, Instant> issued =
        tokens.issue("team", "reader", JSON.readTree("{\"expirationSeconds\": 3600}"));

    assertThat(issued.getValue()).isEqualTo(now.plus(Duration.ofHours(1)));
    now = now.plus(Duration.ofMinutes(59));
    assertThat(tokens.authenticate(issued.getKey()))
        .get()
        .extracting(Identity::user)
        .isEqualTo("system:serviceaccount:team:reader");
    now = now.plus(Duration.ofMinutes(1));
    assertThat(tokens.authenticate(issued.getKey())).as("expired").isEmpty();
    assertThat(tokens.authenticate("sandbox-bound.never-issued")).isEmpty();
  }

  @Test
  void aLongerLifetimeThanTheServersMaximumIsCutToIt() throws Exception {
    create(
        "/api/v1/namespaces/team/serviceaccounts",
        "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"reader\",\"namespace\":\"team\"}}");
    BoundTokens tokens = new BoundTokens(new StoreReader(store), clock, Duration.ofDays(7));

    Map.Entry<String, Instant> issued =
        tokens.issue("team", "reader", JSON.readTree("{\"expirationSeconds\": 31536000}"));

    assertThat(issued.getValue()).isEqualTo(now.plus(Duration.ofDays(7)));
  }

  private void create(String path, String body) {
    Buffer buffer = new Buffer();
    buffer.writeUtf8(body);
    store.dispatch(
        new RecordedRequest(
            "HTTP/1.1",
            HttpMethod.POST,
            path,
            new Headers.Builder().add("Content-Type", "application/json").build(),
            buffer));
  }
}
