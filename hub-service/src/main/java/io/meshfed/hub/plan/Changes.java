package io.meshfed.hub.plan;

import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.DomainEvent;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.hub.registry.MeshRegistry;
import java.util.List;

/**
 * What one step of the hub writes, in order: desired records and tombstones, credential records and
 * tombstones, at most one mesh record per mesh, then domain events; and the registry as it stands
 * once they are written.
 *
 * @param tombstones clusters whose desired record is deleted (they left)
 * @param credentials new credential records ({@code meshfed.credentials.v1})
 * @param credentialTombstones senders whose credential record is deleted (they left, or nobody
 *     holds their remote secret any more)
 */
public record Changes(
    MeshRegistry next,
    List<DesiredMembership> desired,
    List<String> tombstones,
    List<SharedCredential> credentials,
    List<String> credentialTombstones,
    List<MeshRecord> meshRecords,
    List<DomainEvent> events) {

  public Changes {
    desired = List.copyOf(desired);
    tombstones = List.copyOf(tombstones);
    credentials = List.copyOf(credentials);
    credentialTombstones = List.copyOf(credentialTombstones);
    meshRecords = List.copyOf(meshRecords);
    events = List.copyOf(events);
  }

  public static Changes none(MeshRegistry registry) {
    return new Changes(registry, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** Changes that write events only. */
  public static Changes eventsOnly(MeshRegistry next, List<? extends DomainEvent> events) {
    return new Changes(
        next, List.of(), List.of(), List.of(), List.of(), List.of(), List.copyOf(events));
  }

  /** Whether anything goes to the log. */
  public boolean isEmpty() {
    return !writesState() && events.isEmpty();
  }

  /** Whether anything goes to the membership log (desired, credential or mesh records). */
  public boolean writesState() {
    return !desired.isEmpty()
        || !tombstones.isEmpty()
        || !credentials.isEmpty()
        || !credentialTombstones.isEmpty()
        || !meshRecords.isEmpty();
  }

  /** The same changes with these events in place of the ones there. */
  public Changes withEventsReplaced(List<? extends DomainEvent> replaced) {
    return new Changes(
        next,
        desired,
        tombstones,
        credentials,
        credentialTombstones,
        meshRecords,
        List.copyOf(replaced));
  }
}
