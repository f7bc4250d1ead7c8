package io.meshfed.security.jwt;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.Claims;

/**
 * Bearer tokens for a local or test hub, where no identity provider runs: an RSA key pair made in
 * memory, its public key as PEM for the hub's {@code mp.jwt.verify.publickey.location}, and RS256
 * JWTs with a {@code groups} claim (roles {@code viewer}, {@code mesh-admin}), built and signed
 * with SmallRye JWT's builder, the library the hub verifies them with.
 *
 * <p>Not for production: there, the identity provider signs the tokens and the hub is given its
 * public key or JWKS URL.
 */
public final class DevTokens {

  private static final int RSA_BITS = 2048;
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair keys;
  private final Clock clock;

  private DevTokens(KeyPair keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** A new key pair, tokens stamped with the system clock. */
  public static DevTokens generate() {
    return generate(Clock.systemUTC());
  }

  /** A new key pair, tokens stamped with {@code clock}. */
  public static DevTokens generate(Clock clock) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(RSA_BITS);
      return new DevTokens(generator.generateKeyPair(), clock);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate RSA keys", e);
    }
  }

  /** The public key that verifies the tokens. */
  public PublicKey publicKey() {
    return keys.getPublic();
  }

  /** The public key as PEM ({@code PUBLIC KEY}, X.509 SubjectPublicKeyInfo). */
  public String publicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** Writes {@link #publicKeyPem()} to {@code file}, for the hub to read at start. */
  public Path writePublicKeyPem(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.writeString(file, publicKeyPem(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the public key to " + file, e);
    }
  }

  /**
   * A signed JWT (RS256).
   *
   * @param issuer the {@code iss} claim; the hub's {@code mp.jwt.verify.issuer}
   * @param subject the {@code sub} and {@code upn} claims, e.g. {@code sandbox}
   * @param groups the roles, e.g. {@code mesh-admin}
   * @param lifetime from now to {@code exp}
   */
  public String mint(String issuer, String subject, Collection<String> groups, Duration lifetime) {
    requireText(issuer, "issuer");
    requireText(subject, "subject");
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("token lifetime must be positive, got " + lifetime);
    }
    for (String group : groups) {
      requireText(group, "group");
    }
    Instant now = clock.instant();
    return Jwt.issuer(issuer)
        .subject(subject)
        .upn(subject)
        .groups(new LinkedHashSet<>(groups))
        .issuedAt(now)
        .expiresAt(now.plus(lifetime))
        .claim(Claims.jti.name(), UUID.randomUUID().toString())
        .jws()
        .algorithm(SignatureAlgorithm.RS256)
        .sign(keys.getPrivate());
  }

  /**
   * Writes the public key to {@code args[0]} and prints a token for issuer {@code args[1]} with the
   * groups that follow (valid 12 hours), e.g. {@code DevTokens hub-jwt.pem https://meshfed.local
   * mesh-admin}.
   */
  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: DevTokens <public-key.pem> <issuer> <group>...");
      System.exit(2);
    }
    DevTokens tokens = generate();
    tokens.writePublicKeyPem(Path.of(args[0]));
    List<String> groups = List.of(args).subList(2, args.length);
    System.out.println(tokens.mint(args[1], "dev", groups, Duration.ofHours(12)));
  }

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "DevTokens[RSA-" + RSA_BITS + "]";
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }
}
