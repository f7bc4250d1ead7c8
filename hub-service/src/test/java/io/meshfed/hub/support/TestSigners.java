package io.meshfed.hub.support;

import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.security.sign.RequestSignatures;
import io.meshfed.security.sign.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;
import org.apache.kafka.common.header.Headers;

/**
 * Platform teams' request-signing keys of the tests, derived from fixed seeds; the hub's test
 * configuration registers the public keys of {@link #PLATFORM_TEAM} and {@link #TEAM_E} ({@code
 * src/test/resources/request-signers.json}), not the {@link #STRANGER}'s.
 */
public final class TestSigners {

  /** A platform key as a test signs with it; its name is the actor the hub records. */
  public record Signer(String name, PrivateKey privateKey, PublicKey publicKey) {

    /** Adds the signature over the request and the key id to headers holding ce_id and ce_time. */
    public Headers sign(Headers headers, String meshId, byte[] value) {
      String signature =
          RequestSignatures.sign(
              privateKey,
              meshId,
              KafkaEvents.header(headers, CloudEventHeaders.ID),
              KafkaEvents.header(headers, CloudEventHeaders.TIME),
              name,
              value);
      headers.add(CloudEventHeaders.SIGNATURE, signature.getBytes(StandardCharsets.US_ASCII));
      headers.add(
          CloudEventHeaders.KEY_ID,
          SigningKeys.fingerprint(publicKey).getBytes(StandardCharsets.US_ASCII));
      return headers;
    }
  }

  /** PKCS#8 of an Ed25519 key: this prefix, then the 32-byte seed (RFC 8410). */
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  /** Registered with group {@code mesh-admin}: every mesh. */
  public static final Signer PLATFORM_TEAM = derive("platform-team");

  /** Registered with group {@code mesh-admin:topic-e}: that mesh only. */
  public static final Signer TEAM_E = derive("team-e");

  /** Not registered. */
  public static final Signer STRANGER = derive("stranger");

  private TestSigners() {}

  private static Signer derive(String name) {
    try {
      byte[] seed =
          MessageDigest.getInstance("SHA-256")
              .digest(("meshfed hub tests: " + name).getBytes(StandardCharsets.UTF_8));
      byte[] pkcs8 = new byte[PKCS8_PREFIX.length + seed.length];
      System.arraycopy(PKCS8_PREFIX, 0, pkcs8, 0, PKCS8_PREFIX.length);
      System.arraycopy(seed, 0, pkcs8, PKCS8_PREFIX.length, seed.length);
      PrivateKey key =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      return new Signer(name, key, SigningKeys.publicKeyOf(key));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
