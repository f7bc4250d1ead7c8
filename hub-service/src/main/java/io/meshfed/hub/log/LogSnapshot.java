package io.meshfed.hub.log;

import java.util.List;
import java.util.Map;

/**
 * The membership log as read at start, each topic from its beginning to the end offsets captured
 * then, in offset order per partition.
 *
 * @param statusEndOffsets per partition of the status topic, the offset the read stopped at
 */
public record LogSnapshot(
    List<LogRecord> desired,
    List<LogRecord> meshes,
    List<LogRecord> status,
    Map<Integer, Long> statusEndOffsets) {

  public LogSnapshot {
    desired = List.copyOf(desired);
    meshes = List.copyOf(meshes);
    status = List.copyOf(status);
    statusEndOffsets = Map.copyOf(statusEndOffsets);
  }

  public static LogSnapshot empty() {
    return new LogSnapshot(List.of(), List.of(), List.of(), Map.of());
  }
}
