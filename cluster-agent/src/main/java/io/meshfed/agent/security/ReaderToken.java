package io.meshfed.agent.security;

import java.time.Instant;
import java.util.Optional;

/**
 * One generation of this cluster's reader credential: a token Secret of {@code meshfed-reader} (the
 * account of the agent's chart) that the cluster's token controller fills, sealed for the peers
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
 * @param ofReaderAccount whether it is a token of {@link ReaderTokenSecrets#READER_ACCOUNT}; one of
 *     another account (Istio's {@code istio-reader-service-account}, which earlier agents shared
 *     and which reads every Secret) is replaced by a new token at once
 */
public record ReaderToken(
    String name,
    String credentialId,
    Instant createdAt,
    Instant expiresAt,
    Optional<String> token,
    Optional<String> caBundle,
    boolean ofReaderAccount) {

  /** A token of {@link ReaderTokenSecrets#READER_ACCOUNT}. */
  public ReaderToken(
      String name,
      String credentialId,
      Instant createdAt,
      Instant expiresAt,
      Optional<String> token,
      Optional<String> caBundle) {
    this(name, credentialId, createdAt, expiresAt, token, caBundle, true);
  }

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
