package io.meshfed.agent.security;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One generation of this cluster's reader credential: a token of {@code meshfed-reader} (the
 * account of the agent's chart) from the TokenRequest API, bound to a Secret of its own that also
 * keeps it, sealed for the peers that hold this cluster's remote secret. The API server refuses the
 * token after its expiry, and at once when the Secret is deleted: deleting the Secret revokes it.
 *
 * @param name the Secret's name
 * @param credentialId the id recipients report back once applied, {@code <cluster>-<epoch second of
 *     creation>}
 * @param createdAt when the agent created it
 * @param expiresAt when the token expires (the API server's answer, at most the lifetime asked)
 * @param token the bearer token, once the API server issued it
 * @param caBundle the API server's CA bundle (PEM) a legacy token Secret holds beside its token
 *     ({@code ca.crt}), if any
 * @param source how the token was made
 * @param uid the Secret's uid, once it exists (a token is bound to it)
 * @param sealedFor every cluster the token was sealed for: when one of them is no longer a
 *     recipient, the next generation is minted at once and this one revoked as soon as the others
 *     applied it
 */
public record ReaderToken(
    String name,
    String credentialId,
    Instant createdAt,
    Instant expiresAt,
    Optional<String> token,
    Optional<String> caBundle,
    Source source,
    Optional<String> uid,
    SortedSet<String> sealedFor) {

  /** How a token was made. */
  public enum Source {
    /** From the TokenRequest API, bound to its Secret: what the agent makes. */
    BOUND,
    /**
     * A legacy token Secret of {@code meshfed-reader} that the token controller filled, as earlier
     * agents made them: it never expires by itself, so it is replaced at once.
     */
    LEGACY,
    /**
     * A legacy token Secret of another account (Istio's {@code istio-reader-service-account}, which
     * earlier agents shared and which reads every Secret): replaced at once.
     */
    OTHER_ACCOUNT
  }

  public ReaderToken {
    sealedFor = new TreeSet<>(sealedFor);
  }

  /** A bound token, not sealed for anyone yet. */
  public ReaderToken(
      String name,
      String credentialId,
      Instant createdAt,
      Instant expiresAt,
      Optional<String> token,
      Optional<String> caBundle) {
    this(
        name,
        credentialId,
        createdAt,
        expiresAt,
        token,
        caBundle,
        Source.BOUND,
        Optional.empty(),
        new TreeSet<>());
  }

  /** Whether the token is there: it can be sealed for the peers. */
  public boolean filled() {
    return token.isPresent();
  }

  /** Whether it is a token of {@code meshfed-reader}. */
  public boolean ofReaderAccount() {
    return source != Source.OTHER_ACCOUNT;
  }

  /** Whether the next generation replaces it at once, however young it is. */
  public boolean replacedAtOnce() {
    return source != Source.BOUND;
  }

  /** Whether the token is past the end of its lifetime at {@code now}. */
  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** This generation with the token the API server issued, valid until {@code until}. */
  public ReaderToken issued(String issuedToken, Instant until) {
    return new ReaderToken(
        name,
        credentialId,
        createdAt,
        until.isBefore(expiresAt) ? until : expiresAt,
        Optional.of(issuedToken),
        caBundle,
        source,
        uid,
        sealedFor);
  }

  /** This generation, sealed for these clusters too. */
  public ReaderToken alsoSealedFor(Collection<String> recipients) {
    SortedSet<String> all = new TreeSet<>(sealedFor);
    all.addAll(recipients);
    return new ReaderToken(
        name, credentialId, createdAt, expiresAt, token, caBundle, source, uid, all);
  }

  /** Names the generation; never prints the token. */
  @Override
  public String toString() {
    return "ReaderToken["
        + credentialId
        + ", "
        + source
        + ", expires "
        + expiresAt
        + (filled() ? "" : ", empty")
        + "]";
  }
}
