package io.meshfed.hub.messaging;

import io.meshfed.events.model.ClusterUnreachable;
import io.meshfed.events.model.DomainEvent;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.HubState;
import io.meshfed.hub.intake.UnreachableCheck;
import io.meshfed.hub.plan.Changes;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Marks members whose heartbeats stopped as Unreachable and tells of it on the events topic. */
@ApplicationScoped
public class UnreachableScheduler {

  private static final Logger LOG = Logger.getLogger(UnreachableScheduler.class);

  private final HubState state;
  private final RecordPublisher publisher;
  private final HubConfig config;

  @Inject
  public UnreachableScheduler(HubState state, RecordPublisher publisher, HubConfig config) {
    this.state = state;
    this.publisher = publisher;
    this.config = config;
  }

  @Scheduled(
      every = "${meshfed.hub.unreachable-check-interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (state.isReady()) {
      check(Instant.now());
    }
  }

  /** Marks every member silent for longer than the configured time, as seen at {@code now}. */
  public void check(Instant now) {
    state.write(
        () -> {
          Changes changes = UnreachableCheck.apply(state.current(), now, config.unreachableAfter());
          if (changes.events().isEmpty()) {
            return null;
          }
          state.replace(changes.next());
          for (DomainEvent e : changes.events()) {
            ClusterUnreachable u = (ClusterUnreachable) e;
            LOG.warnf(
                "mesh %s cluster %s is unreachable: no status since %s",
                u.meshId(), u.clusterName(), u.lastSeen());
          }
          publisher.writeEvents(changes.events());
          return null;
        });
  }
}
