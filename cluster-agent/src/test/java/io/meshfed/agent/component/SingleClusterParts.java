package io.meshfed.agent.component;

import io.meshfed.agent.member.MemberAgents;
import io.meshfed.agent.reconcile.DesiredStateStore;
import io.meshfed.agent.reconcile.ReconcileLoop;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Lets the single-cluster tests inject the served cluster's reconcile loop and desired state, as
 * they did when the agent served one cluster only and these were application beans.
 */
@Dependent
class SingleClusterParts {

  @Produces
  @Dependent
  ReconcileLoop loop(MemberAgents members) {
    return members.member(AgentTestResources.CLUSTER).orElseThrow().loop();
  }

  @Produces
  @Dependent
  DesiredStateStore store(MemberAgents members) {
    return members.member(AgentTestResources.CLUSTER).orElseThrow().store();
  }
}
