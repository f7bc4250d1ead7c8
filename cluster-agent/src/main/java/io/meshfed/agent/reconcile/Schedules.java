package io.meshfed.agent.reconcile;

import io.meshfed.agent.status.StatusPublisher;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** The timers: a periodic resync of the whole state, and the status heartbeat. */
@ApplicationScoped
public class Schedules {

  private final ReconcileLoop loop;
  private final StatusPublisher publisher;

  public Schedules(ReconcileLoop loop, StatusPublisher publisher) {
    this.loop = loop;
    this.publisher = publisher;
  }

  /** Repairs drift the watches did not report. */
  @Scheduled(
      every = "${meshfed.agent.resync-interval}",
      delayed = "${meshfed.agent.resync-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void resync() {
    loop.trigger("resync");
  }

  /** Publishes the status again so that the hub sees the agent alive. */
  @Scheduled(
      every = "${meshfed.agent.heartbeat-interval}",
      delayed = "${meshfed.agent.heartbeat-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void heartbeat() {
    publisher.heartbeat();
  }
}
