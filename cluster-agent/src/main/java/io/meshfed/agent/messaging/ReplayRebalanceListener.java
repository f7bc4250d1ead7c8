package io.meshfed.agent.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Records the end offsets of the state topics' partitions when they are assigned, so that {@link
 * ReplayTracker} knows when the replay from the beginning is complete.
 */
@ApplicationScoped
@Identifier(ReplayRebalanceListener.NAME)
public class ReplayRebalanceListener implements KafkaConsumerRebalanceListener {

  public static final String NAME = "meshfed-replay";

  private final ReplayTracker tracker;
  private final RecordDispatcher dispatcher;

  public ReplayRebalanceListener(ReplayTracker tracker, RecordDispatcher dispatcher) {
    this.tracker = tracker;
    this.dispatcher = dispatcher;
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    if (tracker.assigned(ends)) {
      dispatcher.wakeAll();
    }
  }
}
