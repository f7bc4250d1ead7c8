package io.meshfed.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.security.ca.RenewalPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReaderTokenPlanTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration LIFETIME = Duration.ofDays(7);
  private static final RenewalPolicy HALF = new RenewalPolicy(0.5);

  @Test
  void noRecipientMeansNoTokenAtAll() {
    ReaderToken old = filled(T0);

    ReaderTokenPlan plan = plan(List.of(old), Map.of(), true, T0.plusSeconds(60));

    assertThat(plan.keep()).isEmpty();
    assertThat(plan.created()).isEmpty();
    assertThat(plan.revoked()).containsExactly(old);
  }

  @Test
  void theFirstTokenIsMintedOnceTheReaderAccountExists() {
    assertThat(plan(List.of(), applied(Optional.empty()), false, T0).created()).isEmpty();

    ReaderTokenPlan plan = plan(List.of(), applied(Optional.empty()), true, T0);

    ReaderToken created = plan.created().orElseThrow();
    assertThat(created.name()).isEqualTo("meshfed-reader-token-" + T0.getEpochSecond());
    assertThat(created.credentialId()).isEqualTo("cluster1-" + T0.getEpochSecond());
    assertThat(created.expiresAt()).isEqualTo(T0.plus(LIFETIME));
    assertThat(plan.keep()).containsExactly(created);
    assertThat(plan.current()).isEmpty();
  }

  @Test
  void aTokenNotYetFilledInIsKeptAndNotSealedAndNoSecondOneIsMinted() {
    ReaderToken empty = ReaderTokenSecrets.next("cluster1", T0, LIFETIME);

    ReaderTokenPlan plan = plan(List.of(empty), applied(Optional.empty()), true, T0.plusSeconds(5));

    assertThat(plan.keep()).containsExactly(empty);
    assertThat(plan.created()).isEmpty();
    assertThat(plan.current()).isEmpty();
  }

  @Test
  void theNextTokenComesAtTheRenewalFractionAndTheOldOneStaysUntilEveryRecipientMovedOn() {
    ReaderToken old = filled(T0);
    Instant renewal = T0.plus(Duration.ofDays(4));

    ReaderTokenPlan minting =
        plan(List.of(old), applied(Optional.of(old.credentialId())), true, renewal);
    ReaderToken next = minting.created().orElseThrow();
    assertThat(minting.current()).contains(old);
    assertThat(minting.keep()).containsExactly(old, next);

    ReaderToken nextFilled = fill(next);
    Map<String, Optional<String>> halfway = new TreeMap<>();
    halfway.put("cluster2", Optional.of(nextFilled.credentialId()));
    halfway.put("cluster3", Optional.of(old.credentialId()));
    ReaderTokenPlan sealedNext =
        plan(List.of(old, nextFilled), halfway, true, renewal.plusSeconds(60));
    assertThat(sealedNext.current()).contains(nextFilled);
    assertThat(sealedNext.keep()).containsExactly(old, nextFilled);
    assertThat(sealedNext.revoked()).isEmpty();

    Map<String, Optional<String>> everyone = new TreeMap<>();
    everyone.put("cluster2", Optional.of(nextFilled.credentialId()));
    everyone.put("cluster3", Optional.of(nextFilled.credentialId()));
    ReaderTokenPlan revoking =
        plan(List.of(old, nextFilled), everyone, true, renewal.plusSeconds(120));
    assertThat(revoking.keep()).containsExactly(nextFilled);
    assertThat(revoking.revoked()).containsExactly(old);
    assertThat(revoking.created()).isEmpty();
  }

  @Test
  void aTokenIsRevokedAtTheEndOfItsLifetimeWhateverTheRecipientsReport() {
    ReaderToken old = filled(T0);
    ReaderToken next = filled(T0.plus(Duration.ofDays(4)));

    ReaderTokenPlan plan =
        plan(List.of(old, next), applied(Optional.of(old.credentialId())), true, T0.plus(LIFETIME));

    assertThat(plan.revoked()).containsExactly(old);
    assertThat(plan.keep()).containsExactly(next);
    assertThat(plan.current()).contains(next);
  }

  @Test
  void withoutAnyValidTokenANewOneIsMinted() {
    ReaderToken expired = filled(T0);

    ReaderTokenPlan plan =
        plan(List.of(expired), applied(Optional.empty()), true, T0.plus(Duration.ofDays(8)));

    assertThat(plan.revoked()).containsExactly(expired);
    assertThat(plan.created()).isPresent();
    assertThat(plan.current()).isEmpty();
  }

  @Test
  void aTokenOfIstiosReaderAccountIsReplacedAtOnceAndRevokedOnceEveryRecipientMovedOn() {
    ReaderToken istios = ofIstiosAccount(filled(T0));
    Instant soon = T0.plusSeconds(60);

    ReaderTokenPlan minting =
        plan(List.of(istios), applied(Optional.of(istios.credentialId())), true, soon);
    ReaderToken next = minting.created().orElseThrow();
    assertThat(next.ofReaderAccount()).isTrue();
    assertThat(minting.keep()).containsExactly(istios, next);

    ReaderToken nextFilled = fill(next);
    ReaderTokenPlan revoking =
        plan(
            List.of(istios, nextFilled),
            applied(Optional.of(nextFilled.credentialId())),
            true,
            soon.plusSeconds(60));
    assertThat(revoking.current()).contains(nextFilled);
    assertThat(revoking.revoked()).containsExactly(istios);
    assertThat(revoking.created()).isEmpty();
  }

  @Test
  void aLegacyTokenSecretOfTheReaderAccountIsReplacedAtOnceByABoundToken() {
    ReaderToken legacy = as(filled(T0), ReaderToken.Source.LEGACY);

    ReaderTokenPlan plan =
        plan(
            List.of(legacy), applied(Optional.of(legacy.credentialId())), true, T0.plusSeconds(60));

    assertThat(plan.created())
        .get()
        .extracting(ReaderToken::source)
        .isEqualTo(ReaderToken.Source.BOUND);
    assertThat(plan.keep()).hasSize(2).contains(legacy);
  }

  @Test
  void aTokenSealedForAClusterThatIsNoLongerARecipientIsReplacedAtOnce() {
    ReaderToken shared = filled(T0).alsoSealedFor(List.of("cluster2", "cluster3"));
    Instant soon = T0.plusSeconds(60);

    ReaderTokenPlan stays =
        ReaderTokenPlan.plan(
            "cluster1",
            List.of(shared),
            Map.of(
                "cluster2",
                Optional.of(shared.credentialId()),
                "cluster3",
                Optional.of(shared.credentialId())),
            true,
            soon,
            LIFETIME,
            HALF);
    assertThat(stays.created()).as("every holder is still a recipient").isEmpty();

    ReaderTokenPlan cluster3Left =
        plan(List.of(shared), applied(Optional.of(shared.credentialId())), true, soon);
    ReaderToken next = cluster3Left.created().orElseThrow();
    assertThat(cluster3Left.keep()).containsExactly(shared, next);
    assertThat(cluster3Left.current()).contains(shared);

    ReaderToken nextFilled = fill(next);
    ReaderTokenPlan cluster2Lags =
        plan(List.of(shared, nextFilled), applied(Optional.of(shared.credentialId())), true, soon);
    assertThat(cluster2Lags.current()).contains(nextFilled);
    assertThat(cluster2Lags.revoked()).as("cluster2 still uses it").isEmpty();
    assertThat(cluster2Lags.created()).as("the replacement is not replaced").isEmpty();

    ReaderTokenPlan graceOver =
        plan(
            List.of(shared, nextFilled),
            applied(Optional.of(shared.credentialId())),
            true,
            nextFilled.createdAt().plus(ReaderTokenPlan.LEAVER_GRACE));
    assertThat(graceOver.revoked())
        .as(
            "a former recipient's token ends %s after its replacement",
            ReaderTokenPlan.LEAVER_GRACE)
        .containsExactly(shared);
  }

  private static ReaderToken ofIstiosAccount(ReaderToken token) {
    return as(token, ReaderToken.Source.OTHER_ACCOUNT);
  }

  private static ReaderToken as(ReaderToken token, ReaderToken.Source source) {
    return new ReaderToken(
        token.name(),
        token.credentialId(),
        token.createdAt(),
        token.expiresAt(),
        token.token(),
        token.caBundle(),
        source,
        Optional.empty(),
        token.sealedFor());
  }

  private static ReaderTokenPlan plan(
      List<ReaderToken> live, Map<String, Optional<String>> applied, boolean account, Instant now) {
    return ReaderTokenPlan.plan("cluster1", live, applied, account, now, LIFETIME, HALF);
  }

  private static Map<String, Optional<String>> applied(Optional<String> id) {
    return Map.of("cluster2", id);
  }

  private static ReaderToken filled(Instant created) {
    return fill(ReaderTokenSecrets.next("cluster1", created, LIFETIME));
  }

  private static ReaderToken fill(ReaderToken token) {
    return new ReaderToken(
        token.name(),
        token.credentialId(),
        token.createdAt(),
        token.expiresAt(),
        Optional.of("token-of-" + token.name()),
        Optional.empty());
  }
}
