package io.meshfed.hub.log;

import java.util.List;
import java.util.Map;

/**
 * The membership log as read at start, each topic from its beginning to the end offsets captured
 * then, in offset order per partition.
 *
 * @param desired {@code meshfed.desired.v1}
 * @param meshes {@code meshfed.meshes.v2}
 * @param credentials {@code meshfed.credentials.v1}
 * @param status {@code meshfed.status.v1}
 * @param legacyMeshes {@code meshfed.meshes.v1}, the mesh states of the first contract: read for
 *     the settings of meshes that have no record on {@code meshfed.meshes.v2} yet
 * @param statusEndOffsets per partition of the status topic, the offset the read stopped at
 * @param takenRequests the requests taken in within the replay window ({@code
 *     meshfed.hub.request-max-age} twice), from their outcome events on {@code meshfed.events.v1}:
 *     a copy of one sent again after a restart is refused as it was before
 */
public record LogSnapshot(
    List<LogRecord> desired,
    List<LogRecord> meshes,
    List<LogRecord> credentials,
    List<LogRecord> status,
    List<LogRecord> legacyMeshes,
    Map<Integer, Long> statusEndOffsets,
    List<TakenRequest> takenRequests) {

  public LogSnapshot {
    desired = List.copyOf(desired);
    meshes = List.copyOf(meshes);
    credentials = List.copyOf(credentials);
    status = List.copyOf(status);
    legacyMeshes = List.copyOf(legacyMeshes);
    statusEndOffsets = Map.copyOf(statusEndOffsets);
    takenRequests = List.copyOf(takenRequests);
  }

  /** How many records were read, over every topic. */
  public long records() {
    return (long) desired.size()
        + meshes.size()
        + credentials.size()
        + status.size()
        + legacyMeshes.size();
  }

  public static LogSnapshot empty() {
    return new LogSnapshot(
        List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), List.of());
  }
}
