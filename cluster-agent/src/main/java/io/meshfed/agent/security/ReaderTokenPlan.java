package io.meshfed.agent.security;

import io.meshfed.security.ca.RenewalPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which reader tokens the cluster keeps, mints and revokes. Pure: the time is passed in.
 *
 * <ul>
 *   <li>No peer holds this cluster's remote secret: no token at all (every one is revoked).
 *   <li>No token, or the newest is due for renewal, or is a legacy token Secret (of {@link
 *       ReaderTokenSecrets#READER_ACCOUNT} or another account), or was sealed for a cluster that is
 *       no longer a recipient (a primary left or was removed): mint the next one (once the reader
 *       account exists: the API server issues no token for a missing account).
 *   <li>The newest token that was filled in is the one sealed for the recipients.
 *   <li>An older token is revoked once every recipient reports the newer one applied, or when it
 *       expires, whichever comes first; one sealed for a cluster that is no longer a recipient at
 *       the latest {@link #LEAVER_GRACE} after the newer one was minted, even if some recipient has
 *       not applied that yet.
 * </ul>
 *
 * @param keep the tokens whose Secrets stay (including {@code created})
 * @param created the token to mint now, if any
 * @param current the token sealed for the recipients, if one was filled in
 * @param revoked the tokens whose Secrets go
 */
public record ReaderTokenPlan(
    List<ReaderToken> keep,
    Optional<ReaderToken> created,
    Optional<ReaderToken> current,
    List<ReaderToken> revoked) {

  /**
   * How long a token a former recipient holds stays valid for the others once its replacement was
   * minted, when not every recipient reported the replacement applied before.
   */
  public static final Duration LEAVER_GRACE = Duration.ofMinutes(10);

  public ReaderTokenPlan {
    keep = List.copyOf(keep);
    revoked = List.copyOf(revoked);
  }

  /**
   * This plan with the token it shares ({@link #current}) sealed for these recipients too, so that
   * its Secret remembers them.
   */
  public ReaderTokenPlan withSealed(Collection<String> recipients) {
    if (current.isEmpty() || current.get().sealedFor().containsAll(recipients)) {
      return this;
    }
    ReaderToken sealed = current.get().alsoSealedFor(recipients);
    List<ReaderToken> kept =
        keep.stream().map(t -> t.name().equals(sealed.name()) ? sealed : t).toList();
    return new ReaderTokenPlan(kept, created, Optional.of(sealed), revoked);
  }

  /**
   * @param live the reader tokens the cluster holds
   * @param applied for each recipient (a cluster whose remote secret peers include this one), the
   *     id of this cluster's credential it reports applied, if any
   * @param readerAccountExists whether {@link ReaderTokenSecrets#READER_ACCOUNT} exists
   */
  public static ReaderTokenPlan plan(
      String cluster,
      List<ReaderToken> live,
      Map<String, Optional<String>> applied,
      boolean readerAccountExists,
      Instant now,
      Duration lifetime,
      RenewalPolicy renewal) {
    if (applied.isEmpty()) {
      return new ReaderTokenPlan(List.of(), Optional.empty(), Optional.empty(), live);
    }
    List<ReaderToken> revoked = new ArrayList<>();
    List<ReaderToken> valid = new ArrayList<>();
    for (ReaderToken token : live) {
      (token.expired(now) ? revoked : valid).add(token);
    }
    valid.sort(Comparator.comparing(ReaderToken::createdAt));
    Optional<ReaderToken> newest =
        valid.isEmpty() ? Optional.empty() : Optional.of(valid.get(valid.size() - 1));
    Optional<ReaderToken> created = Optional.empty();
    if (readerAccountExists
        && newest
            .map(
                t ->
                    t.replacedAtOnce()
                        || !applied.keySet().containsAll(t.sealedFor())
                        || renewal.isDue(t.createdAt(), t.expiresAt(), now))
            .orElse(true)) {
      ReaderToken next = ReaderTokenSecrets.next(cluster, now, lifetime);
      if (valid.stream().noneMatch(t -> t.name().equals(next.name()))) {
        created = Optional.of(next);
      }
    }
    Optional<ReaderToken> current =
        valid.stream().filter(ReaderToken::filled).reduce((older, newer) -> newer);
    boolean everyoneMovedOn =
        current.isPresent()
            && applied.values().stream()
                .allMatch(id -> id.filter(current.get().credentialId()::equals).isPresent());
    List<ReaderToken> keep = new ArrayList<>();
    for (ReaderToken token : valid) {
      boolean older = current.isPresent() && token.createdAt().isBefore(current.get().createdAt());
      boolean heldByFormerRecipient = !applied.keySet().containsAll(token.sealedFor());
      boolean graceOver =
          current.isPresent() && !now.isBefore(current.get().createdAt().plus(LEAVER_GRACE));
      if (older && (everyoneMovedOn || (heldByFormerRecipient && graceOver))) {
        revoked.add(token);
      } else {
        keep.add(token);
      }
    }
    created.ifPresent(keep::add);
    return new ReaderTokenPlan(keep, created, current, revoked);
  }
}
