package io.meshfed.hub.support;

import io.smallrye.jwt.build.Jwt;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens for the tests, signed with smallrye-jwt-build by an RSA key pair made once per test
 * JVM. The key pair lives in system properties, because each Quarkus restart loads the test classes
 * again; the hub under test verifies with its public key through {@link #hubConfig()}.
 */
public final class TestTokens {

  public static final String ISSUER = "https://meshfed.test/issuer";

  private static final String PRIVATE = "meshfed.test.jwt.private";
  private static final String PUBLIC = "meshfed.test.jwt.public";

  private TestTokens() {}

  /** The hub's settings to verify the tokens: its public key and issuer. */
  public static Map<String, String> hubConfig() {
    keys();
    return Map.of(
        "mp.jwt.verify.publickey", System.getProperty(PUBLIC), "mp.jwt.verify.issuer", ISSUER);
  }

  /** A token with role mesh-admin. */
  public static String admin() {
    return withGroups("mesh-admin");
  }

  /** A token with role viewer. */
  public static String viewer() {
    return withGroups("viewer");
  }

  public static String withGroups(String... groups) {
    return Jwt.issuer(ISSUER)
        .upn("test-" + String.join("-", groups))
        .subject("test")
        .groups(Set.of(groups))
        .expiresIn(Duration.ofMinutes(30))
        .sign(privateKey());
  }

  /** A token with the given upn and groups. */
  public static String of(String upn, String... groups) {
    return Jwt.issuer(ISSUER)
        .upn(upn)
        .subject("test")
        .groups(Set.of(groups))
        .expiresIn(Duration.ofMinutes(30))
        .sign(privateKey());
  }

  /** A token with group mesh-admin that expired an hour ago (beyond any clock skew). */
  public static String expiredAdmin() {
    long now = System.currentTimeMillis() / 1000;
    return Jwt.issuer(ISSUER)
        .upn("expired")
        .groups(Set.of("mesh-admin"))
        .issuedAt(now - 7200)
        .expiresAt(now - 3600)
        .sign(privateKey());
  }

  /** A token signed by another key pair: well formed, not trusted by the hub. */
  public static String signedByAStranger() {
    return Jwt.issuer(ISSUER)
        .upn("stranger")
        .groups(Set.of("mesh-admin"))
        .expiresIn(Duration.ofMinutes(30))
        .sign(generate().getPrivate());
  }

  private static PrivateKey privateKey() {
    keys();
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(
              new PKCS8EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(PRIVATE))));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized void keys() {
    if (System.getProperty(PRIVATE) != null) {
      return;
    }
    KeyPair pair = generate();
    System.setProperty(PRIVATE, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
    System.setProperty(
        PUBLIC,
        "-----BEGIN PUBLIC KEY-----"
            + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
            + "-----END PUBLIC KEY-----");
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
