package io.meshfed.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void waitsGrowUpToTheMaximumAndStartOverAfterASuccess() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0);
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(5));
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
