package io.meshfed.security.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenewalPolicyTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(100));

  @Test
  void renewalIsDueOnceTheFractionOfTheLifetimeHasPassed() {
    RenewalPolicy policy = new RenewalPolicy(0.8);

    assertThat(policy.renewAt(START, END)).isEqualTo(START.plus(Duration.ofDays(80)));
    assertThat(policy.isDue(START, END, START)).isFalse();
    assertThat(policy.isDue(START, END, START.plus(Duration.ofDays(80)).minusMillis(1))).isFalse();
    assertThat(policy.isDue(START, END, START.plus(Duration.ofDays(80)))).isTrue();
    assertThat(policy.isDue(START, END, END.plusSeconds(1))).as("expired").isTrue();
  }

  @Test
  void theFractionDecides() {
    assertThat(new RenewalPolicy(0.5).isDue(START, END, START.plus(Duration.ofDays(60)))).isTrue();
    assertThat(new RenewalPolicy(0.75).isDue(START, END, START.plus(Duration.ofDays(60))))
        .isFalse();
  }

  @Test
  void appliesToAnIssuedIntermediate() {
    TestPki pki = TestPki.forCluster("cluster1");
    RenewalPolicy policy = new RenewalPolicy(0.8);
    Instant notBefore = pki.issued.notBefore();
    Instant renewAt =
        notBefore.plusMillis(
            (long) (Duration.between(notBefore, pki.issued.notAfter()).toMillis() * 0.8));

    assertThat(policy.renewAt(pki.intermediate())).isEqualTo(renewAt);
    assertThat(policy.isDue(pki.intermediate(), TestPki.NOW)).isFalse();
    assertThat(policy.isDue(pki.intermediate(), renewAt)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, -0.1, 1.5, Double.NaN})
  void fractionMustBeBetweenZeroAndOne(double fraction) {
    assertThatThrownBy(() -> new RenewalPolicy(fraction))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewal fraction must be strictly between 0 and 1");
  }
}
