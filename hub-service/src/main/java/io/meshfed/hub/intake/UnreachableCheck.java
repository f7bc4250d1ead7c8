package io.meshfed.hub.intake;

import io.meshfed.events.model.ClusterUnreachable;
import io.meshfed.events.model.DomainEvent;
import io.meshfed.events.model.Phase;
import io.meshfed.hub.plan.Changes;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.ObservedCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Marks members whose heartbeats stopped as unreachable, once, with a ClusterUnreachable event. A
 * new report from the cluster clears the mark. Pure.
 */
public final class UnreachableCheck {

  private UnreachableCheck() {}

  public static Changes apply(MeshRegistry registry, Instant now, Duration unreachableAfter) {
    Map<String, ObservedCluster> marked = new TreeMap<>();
    List<DomainEvent> events = new ArrayList<>();
    for (Member m : registry.members().values()) {
      ObservedCluster o = registry.observed().get(m.clusterName());
      if (o == null || o.unreachable() || o.status().phase() == Phase.LEFT) {
        continue;
      }
      if (o.lastSeen().plus(unreachableAfter).isBefore(now)) {
        marked.put(m.clusterName(), o.markUnreachable());
        events.add(new ClusterUnreachable(m.meshId(), m.clusterName(), o.lastSeen()));
      }
    }
    return Changes.eventsOnly(registry.withObserved(marked), events);
  }
}
