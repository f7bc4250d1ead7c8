package io.meshfed.agent.messaging;

import io.meshfed.agent.config.AgentConfig;
import io.meshfed.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells whether the state topics have been read to the end they had when they were assigned, so
 * that the agent acts once on the latest state rather than on every step of the history (a
 * tombstone followed by a re-join must not make it leave and join again at every start).
 *
 * <p>With the Kafka connector, the three state topics (desired, meshes, credentials) must be
 * assigned and read to their ends. With another connector (e.g. the in-memory one of the tests)
 * there is no assignment and nothing to wait for. After {@code meshfed.agent.replay-timeout} the
 * agent acts on what it has.
 */
@ApplicationScoped
public class ReplayTracker {

  private static final Logger LOG = Logger.getLogger(ReplayTracker.class);
  private static final String KAFKA_CONNECTOR = "smallrye-kafka";

  private final Map<TopicPartition, Long> endOffsets = new HashMap<>();
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private final Set<String> assignedTopics = new HashSet<>();
  private final AgentConfig config;
  private final Clock clock;
  private final boolean expectsAssignment;
  private final Instant started;
  private Instant firstAssignment;
  private boolean caughtUp;

  @Inject
  public ReplayTracker(
      AgentConfig config,
      @ConfigProperty(name = "mp.messaging.incoming.desired.connector", defaultValue = "")
          String desiredConnector) {
    this(config, Clock.systemUTC(), KAFKA_CONNECTOR.equals(desiredConnector));
  }

  ReplayTracker(AgentConfig config, Clock clock, boolean expectsAssignment) {
    this.config = config;
    this.clock = clock;
    this.expectsAssignment = expectsAssignment;
    this.started = clock.instant();
  }

  /**
   * Partitions were assigned, with the offsets their ends had then.
   *
   * @return whether the replay is (now) complete
   */
  public synchronized boolean assigned(Map<TopicPartition, Long> ends) {
    if (firstAssignment == null) {
      firstAssignment = clock.instant();
    }
    if (!caughtUp) {
      ends.forEach(endOffsets::putIfAbsent);
      ends.keySet().forEach(tp -> assignedTopics.add(tp.topic()));
    }
    return caughtUp();
  }

  /**
   * A record was read.
   *
   * @return whether this record completed the replay
   */
  public synchronized boolean seen(String topic, int partition, long offset) {
    if (caughtUp) {
      return false;
    }
    positions.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
    return caughtUp();
  }

  /**
   * Whether the replay was found complete already (by a record read or a check), without checking
   * again: what a record arriving now sees.
   */
  public synchronized boolean finished() {
    return caughtUp;
  }

  /** Whether the agent may act: the replay is complete or took too long. */
  public synchronized boolean caughtUp() {
    if (caughtUp) {
      return true;
    }
    boolean complete =
        !expectsAssignment
            || (assignedTopics.contains(Topics.DESIRED)
                && assignedTopics.contains(Topics.MESHES)
                && assignedTopics.contains(Topics.CREDENTIALS)
                && endOffsets.entrySet().stream()
                    .allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue()));
    Instant since = firstAssignment != null ? firstAssignment : started;
    if (!complete && clock.instant().isAfter(since.plus(config.replayTimeout()))) {
      LOG.warnf(
          "the state topics were not read to their end within %s; acting on what was read",
          config.replayTimeout());
      complete = true;
    }
    caughtUp = complete;
    return complete;
  }
}
