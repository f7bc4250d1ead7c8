package io.meshfed.agent.component;

import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.security.sign.HubRecordSignatures;
import io.meshfed.security.sign.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The hub key the tests' agents pin ({@code meshfed.agent.hub.signing-public-keys}) and the tests
 * sign the hub's records with. Derived from a fixed seed, so that every class loader of a test run
 * (the test resources', the application's) holds the same key.
 */
public final class TestHubKey {

  /** PKCS#8 of an Ed25519 key: this prefix, then the 32-byte seed (RFC 8410). */
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private static final PrivateKey PRIVATE = derive("meshfed component tests: the hub");
  private static final PublicKey PUBLIC = SigningKeys.publicKeyOf(PRIVATE);

  private TestHubKey() {}

  /** The public key, as the agent's configuration takes it. */
  public static String publicKey() {
    return SigningKeys.encodePublicKey(PUBLIC);
  }

  /** Adds the hub's signature headers for a record of {@code topic}. */
  /** The times the test hub signs at: later for each record, as the hub's. */
  private static final java.util.concurrent.atomic.AtomicLong SIGNED_AT =
      new java.util.concurrent.atomic.AtomicLong();

  public static Headers sign(Headers headers, String topic, String key, byte[] value) {
    long signedAt = SIGNED_AT.updateAndGet(last -> Math.max(System.currentTimeMillis(), last + 1));
    headers.add(
        CloudEventHeaders.SIGNATURE,
        HubRecordSignatures.signTimed(PRIVATE, topic, key, signedAt, value)
            .getBytes(StandardCharsets.US_ASCII));
    headers.add(
        CloudEventHeaders.SIGNED_AT, Long.toString(signedAt).getBytes(StandardCharsets.US_ASCII));
    headers.add(
        CloudEventHeaders.KEY_ID,
        SigningKeys.fingerprint(PUBLIC).getBytes(StandardCharsets.US_ASCII));
    return headers;
  }

  /** The record, signed as the hub signs it. */
  public static ProducerRecord<String, byte[]> signed(ProducerRecord<String, byte[]> record) {
    sign(record.headers(), record.topic(), record.key(), record.value());
    return record;
  }

  private static PrivateKey derive(String name) {
    try {
      byte[] seed =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      byte[] pkcs8 = new byte[PKCS8_PREFIX.length + seed.length];
      System.arraycopy(PKCS8_PREFIX, 0, pkcs8, 0, PKCS8_PREFIX.length);
      System.arraycopy(seed, 0, pkcs8, PKCS8_PREFIX.length, seed.length);
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
