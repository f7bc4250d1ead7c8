package io.meshfed.hub.model;

import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.DomainEvent;
import io.meshfed.events.model.MeshState;
import java.util.ArrayList;
import java.util.List;

/**
 * What one step of the hub writes, in order: desired records and tombstones, at most one mesh
 * record per mesh, then domain events; and the registry as it stands once they are written.
 */
public record Changes(
    MeshRegistry next,
    List<DesiredMembership> desired,
    List<String> tombstones,
    List<MeshState> meshRecords,
    List<DomainEvent> events) {

  public Changes {
    desired = List.copyOf(desired);
    tombstones = List.copyOf(tombstones);
    meshRecords = List.copyOf(meshRecords);
    events = List.copyOf(events);
  }

  public static Changes none(MeshRegistry registry) {
    return new Changes(registry, List.of(), List.of(), List.of(), List.of());
  }

  /** Whether anything goes to the log. */
  public boolean isEmpty() {
    return desired.isEmpty() && tombstones.isEmpty() && meshRecords.isEmpty() && events.isEmpty();
  }

  /** The same changes with events appended after the ones already there. */
  public Changes withEvents(List<? extends DomainEvent> more) {
    List<DomainEvent> all = new ArrayList<>(events);
    all.addAll(more);
    return new Changes(next, desired, tombstones, meshRecords, all);
  }
}
