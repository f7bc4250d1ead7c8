package io.meshfed.agent.reconcile;

import io.meshfed.agent.member.MemberAgent;
import io.meshfed.agent.member.MemberAgents;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The status heartbeat of every served cluster, on one timer. (Each cluster's periodic resync has a
 * timer of its own on the reconcile threads, see {@link MemberAgent}, so that the resyncs of many
 * clusters are spread over the interval.)
 */
@ApplicationScoped
public class Schedules {

  private final MemberAgents members;

  public Schedules(MemberAgents members) {
    this.members = members;
  }

  /** Publishes each cluster's status again so that the hub sees the agent alive. */
  @Scheduled(
      every = "${meshfed.agent.heartbeat-interval}",
      delayed = "${meshfed.agent.heartbeat-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void heartbeat() {
    members.members().forEach(MemberAgent::heartbeat);
  }
}
