package io.meshfed.agent.messaging;

import io.meshfed.agent.reconcile.ReconcileLoop;
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
  private final ReconcileLoop loop;

  public ReplayRebalanceListener(ReplayTracker tracker, ReconcileLoop loop) {
    this.tracker = tracker;
    this.loop = loop;
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    if (tracker.assigned(ends)) {
      loop.trigger("state topics read to their end");
    }
  }
}
