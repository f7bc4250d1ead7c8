package io.meshfed.security.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class RequestSignaturesTest {

  private static final KeyPair TEAM = SigningKeys.generate();
  private static final byte[] BODY = "{\"meshId\":\"a\"}".getBytes(StandardCharsets.UTF_8);
  private static final String TIME = "2026-12-03T12:00:00Z";

  @Test
  void aSignedRequestVerifiesForItsMeshIdTimeActorAndBodyOnly() {
    String signature = RequestSignatures.sign(TEAM.getPrivate(), "a", "r1", TIME, "team-a", BODY);

    assertThat(verify("a", "r1", TIME, "team-a", BODY, signature)).isTrue();
    assertThat(verify("b", "r1", TIME, "team-a", BODY, signature)).as("another mesh").isFalse();
    assertThat(verify("a", "r2", TIME, "team-a", BODY, signature)).as("another id").isFalse();
    assertThat(verify("a", "r1", "2026-12-03T12:10:00Z", "team-a", BODY, signature))
        .as("another time")
        .isFalse();
    assertThat(verify("a", "r1", TIME, "team-b", BODY, signature)).as("another actor").isFalse();
    assertThat(verify("a", "r1", TIME, "team-a", "{}".getBytes(StandardCharsets.UTF_8), signature))
        .as("another body")
        .isFalse();
    assertThat(verify("a", "r1\n" + TIME, "", "team-a", BODY, signature))
        .as("parts moved across the newline")
        .isFalse();
  }

  @Test
  void aPartWithANewlineOrMissingCannotBeSigned() {
    assertThatThrownBy(
            () -> RequestSignatures.sign(TEAM.getPrivate(), "a", "r\n1", TIME, "team-a", BODY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestSignatures.sign(TEAM.getPrivate(), "a", "r1", TIME, null, BODY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean verify(
      String mesh, String id, String time, String actor, byte[] body, String signature) {
    return RequestSignatures.verify(TEAM.getPublic(), mesh, id, time, actor, body, signature);
  }
}
