package io.meshfed.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokensTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void tokenIsAnRs256JwtWithTheClaimsAHubChecks(@TempDir Path dir) throws Exception {
    DevTokens tokens = DevTokens.generate(Clock.fixed(NOW, ZoneOffset.UTC));
    Path pem = tokens.writePublicKeyPem(dir.resolve("keys/hub-jwt.pem"));

    String jwt =
        tokens.mint(
            "https://meshfed.test",
            "sandbox",
            List.of("mesh-admin", "viewer"),
            Duration.ofHours(1));

    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = decode(parts[0]);
    JsonNode claims = decode(parts[1]);
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(claims.path("iss").asText()).isEqualTo("https://meshfed.test");
    assertThat(claims.path("sub").asText()).isEqualTo("sandbox");
    assertThat(claims.path("upn").asText()).isEqualTo("sandbox");
    assertThat(claims.path("groups"))
        .extracting(JsonNode::asText)
        .containsExactly("mesh-admin", "viewer");
    assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.path("exp").asLong()).isEqualTo(NOW.plusSeconds(3600).getEpochSecond());
    assertThat(claims.path("jti").asText()).isNotBlank();

    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(readPem(pem));
    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }

  @Test
  void anotherKeyPairDoesNotVerifyTheToken() throws Exception {
    String jwt = DevTokens.generate().mint("iss", "sub", List.of("viewer"), Duration.ofMinutes(5));
    String[] parts = jwt.split("\\.");

    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(DevTokens.generate().publicKey());
    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));

    assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isFalse();
  }

  @Test
  void claimValuesAreEscaped() throws Exception {
    String jwt =
        DevTokens.generate().mint("a\"b\\c", "line\nbreak", List.of("x\"y"), Duration.ofMinutes(5));

    JsonNode claims = decode(jwt.split("\\.")[1]);

    assertThat(claims.path("iss").asText()).isEqualTo("a\"b\\c");
    assertThat(claims.path("sub").asText()).isEqualTo("line\nbreak");
    assertThat(claims.path("groups").get(0).asText()).isEqualTo("x\"y");
  }

  @Test
  void badArgumentsNameTheField() {
    DevTokens tokens = DevTokens.generate();

    assertThatThrownBy(() -> tokens.mint(" ", "s", List.of(), Duration.ofMinutes(1)))
        .hasMessageContaining("issuer");
    assertThatThrownBy(() -> tokens.mint("i", "s", List.of(""), Duration.ofMinutes(1)))
        .hasMessageContaining("group");
    assertThatThrownBy(() -> tokens.mint("i", "s", List.of(), Duration.ZERO))
        .hasMessageContaining("lifetime");
    assertThat(tokens.toString()).doesNotContain("PRIVATE");
  }

  private static JsonNode decode(String part) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(part));
  }

  private static PublicKey readPem(Path pem) throws Exception {
    String text = Files.readString(pem);
    assertThat(text)
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n");
    String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
  }
}
