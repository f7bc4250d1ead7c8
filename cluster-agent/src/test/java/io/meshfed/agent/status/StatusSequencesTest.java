package io.meshfed.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cluster's report sequences only ever increase, whatever the clock does. */
class StatusSequencesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void followsTheClockWhileItMovesOn() {
    MovableClock clock = new MovableClock(NOW);
    StatusSequences sequences = new StatusSequences(clock);

    long first = sequences.next("east");
    clock.advance(Duration.ofSeconds(30));
    long second = sequences.next("east");

    assertThat(first).isEqualTo(NOW.toEpochMilli());
    assertThat(second).isEqualTo(NOW.plusSeconds(30).toEpochMilli());
  }

  @Test
  void increasesWhenTheClockStandsStill() {
    StatusSequences sequences = new StatusSequences(Clock.fixed(NOW, ZoneOffset.UTC));

    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(sequences.next("east"));
    }

    assertThat(sent).isSorted().doesNotHaveDuplicates();
    assertThat(sent.get(4)).isEqualTo(NOW.toEpochMilli() + 4);
  }

  @Test
  void increasesWhenTheClockGoesBackALittle() {
    MovableClock clock = new MovableClock(NOW);
    StatusSequences sequences = new StatusSequences(clock);

    long before = sequences.next("east");
    clock.advance(Duration.ofSeconds(-2));
    long afterStep = sequences.next("east");
    clock.advance(Duration.ofSeconds(5));
    long caughtUp = sequences.next("east");

    assertThat(afterStep).isEqualTo(before + 1);
    assertThat(caughtUp).isEqualTo(NOW.plusSeconds(3).toEpochMilli());
  }

  /** A hosted agent serves many clusters: each has its own sequence. */
  @Test
  void keepsOneSequencePerCluster() {
    StatusSequences sequences = new StatusSequences(Clock.fixed(NOW, ZoneOffset.UTC));

    sequences.next("east");
    sequences.next("east");
    long west = sequences.next("west");

    assertThat(west).isEqualTo(NOW.toEpochMilli());
    assertThat(sequences.next("east")).isEqualTo(NOW.toEpochMilli() + 2);
  }

  /** A restarted agent remembers nothing; the clock carries it past what it sent before. */
  @Test
  void aRestartedAgentContinuesAboveItsPreviousRun() {
    MovableClock clock = new MovableClock(NOW);
    StatusSequences before = new StatusSequences(clock);
    long last = 0;
    for (int i = 0; i < 1_000; i++) {
      last = before.next("east");
    }
    clock.advance(Duration.ofSeconds(2));

    long afterRestart = new StatusSequences(clock).next("east");

    assertThat(afterRestart).isGreaterThan(last);
  }

  @Test
  void theNextIsTheGreaterOfOneMoreAndNowAndAtLeastOne() {
    assertThat(StatusSequences.next(0, 1_000)).isEqualTo(1_000);
    assertThat(StatusSequences.next(1_000, 1_000)).isEqualTo(1_001);
    assertThat(StatusSequences.next(1_000, 10)).isEqualTo(1_001);
    assertThat(StatusSequences.next(0, 0)).isEqualTo(1);
    assertThat(StatusSequences.next(0, -5)).isEqualTo(1);
  }

  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
