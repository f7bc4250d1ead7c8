package io.meshfed.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.agent.config.TestConfig;
import io.meshfed.events.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayTrackerTest {

  private final MutableClock clock = new MutableClock();
  private final TestConfig config = new TestConfig("cluster1", Duration.ofSeconds(30));

  @Test
  void withoutKafkaThereIsNothingToWaitFor() {
    assertThat(new ReplayTracker(config, clock, false).caughtUp()).isTrue();
  }

  @Test
  void withKafkaTheThreeStateTopicsAreReadToTheEndTheyHadWhenAssigned() {
    ReplayTracker tracker = new ReplayTracker(config, clock, true);
    assertThat(tracker.caughtUp()).as("before any assignment").isFalse();

    assertThat(tracker.assigned(Map.of(new TopicPartition(Topics.DESIRED, 0), 3L))).isFalse();
    assertThat(tracker.assigned(Map.of(new TopicPartition(Topics.MESHES, 0), 0L))).isFalse();
    assertThat(tracker.assigned(Map.of(new TopicPartition(Topics.CREDENTIALS, 0), 0L))).isFalse();
    assertThat(tracker.seen(Topics.DESIRED, 0, 0)).isFalse();
    assertThat(tracker.seen(Topics.DESIRED, 0, 1)).isFalse();
    assertThat(tracker.caughtUp()).isFalse();
    assertThat(tracker.seen(Topics.DESIRED, 0, 2)).as("the last record completes it").isTrue();
    assertThat(tracker.caughtUp()).isTrue();
    assertThat(tracker.seen(Topics.DESIRED, 0, 3)).as("only once").isFalse();
  }

  @Test
  void emptyTopicsAreReadAsSoonAsTheyAreAssigned() {
    ReplayTracker tracker = new ReplayTracker(config, clock, true);
    tracker.assigned(Map.of(new TopicPartition(Topics.DESIRED, 0), 0L));
    assertThat(tracker.assigned(Map.of(new TopicPartition(Topics.MESHES, 0), 0L)))
        .as("the credentials topic is not assigned yet")
        .isFalse();
    assertThat(tracker.assigned(Map.of(new TopicPartition(Topics.CREDENTIALS, 0), 0L))).isTrue();
  }

  @Test
  void afterTheTimeoutTheAgentActsOnWhatItRead() {
    ReplayTracker tracker = new ReplayTracker(config, clock, true);
    tracker.assigned(Map.of(new TopicPartition(Topics.DESIRED, 0), 5L));
    clock.advance(Duration.ofSeconds(29));
    assertThat(tracker.caughtUp()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(tracker.caughtUp()).isTrue();
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
