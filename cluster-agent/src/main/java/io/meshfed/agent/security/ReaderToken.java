package io.meshfed.agent.security;

import java.time.Instant;
import java.util.Optional;

/**
 * One generation of this cluster's reader credential: a token Secret of {@code
 * istio-reader-service-account} that the cluster's token controller fills, sealed for the peers
 * that hold this cluster's remote secret. Deleting the Secret revokes the token.
 *
 * @param name the token Secret's name
 * @param credentialId the id recipients report back once applied, {@code <cluster>-<epoch second of
 *     creation>}
 * @param createdAt when the agent created it
 * @param expiresAt when the agent revokes it at the latest
 * @param token the bearer token, once the token controller filled it in
 * @param caBundle the API server's CA bundle (PEM) the token controller wrote beside it ({@code
 *     ca.crt}), if any
 */
public record ReaderToken(
    String name,
    String credentialId,
    Instant createdAt,
    Instant expiresAt,
    Optional<String> token,
    Optional<String> caBundle) {

  /** Whether the token controller filled the token in: it can be sealed for the peers. */
  public boolean filled() {
    return token.isPresent();
  }

  /** Whether the token is past the end of its lifetime at {@code now}. */
  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Names the generation; never prints the token. */
  @Override
  public String toString() {
    return "ReaderToken["
        + credentialId
        + ", expires "
        + expiresAt
        + (filled() ? "" : ", empty")
        + "]";
  }
}
