package io.meshfed.hub.log;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.hub.model.DesiredRecords;
import io.meshfed.hub.model.MeshRegistry;
import io.meshfed.hub.model.MeshSettings;
import io.meshfed.hub.model.ObservedCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the registry from the log: the last mesh record of each mesh, the last desired record of
 * each cluster (a tombstone removes it), the last status of each member. The epoch is one more than
 * the highest epoch on the desired topic. Records that cannot be read are reported, not fatal.
 * Pure.
 */
public final class Rebuilder {

  private Rebuilder() {}

  /**
   * @param registry the rebuilt registry
   * @param problems one line for each record that could not be used
   */
  public record Rebuilt(MeshRegistry registry, List<String> problems) {}

  public static Rebuilt rebuild(LogSnapshot log) {
    List<String> problems = new ArrayList<>();
    long maxEpoch = 0;
    Map<String, DesiredMembership> desired = new LinkedHashMap<>();
    for (LogRecord r : log.desired()) {
      if (r.value() == null) {
        desired.remove(r.key());
        continue;
      }
      DesiredMembership d = read(r, DesiredMembership.class, problems);
      if (d != null) {
        maxEpoch = Math.max(maxEpoch, d.epoch());
        desired.put(r.key(), d);
      }
    }
    Map<String, MeshState> meshes = latest(log.meshes(), MeshState.class, problems);
    Map<String, LogRecord> statusRecords = new LinkedHashMap<>();
    Map<String, ClusterStatus> status = new LinkedHashMap<>();
    for (LogRecord r : log.status()) {
      if (r.value() == null) {
        status.remove(r.key());
        continue;
      }
      ClusterStatus s = read(r, ClusterStatus.class, problems);
      if (s != null) {
        status.put(s.clusterName(), s);
        statusRecords.put(s.clusterName(), r);
      }
    }

    MeshRegistry registry = MeshRegistry.empty(maxEpoch + 1);
    for (MeshState m : meshes.values()) {
      registry =
          registry
              .withMesh(
                  new MeshSettings(m.meshId(), m.istioVersion(), m.cni(), m.gatewayPlacement()))
              .withMeshRecord(m);
    }
    for (DesiredMembership d : desired.values()) {
      if (registry.mesh(d.meshId()).isEmpty()) {
        registry = registry.withMesh(new MeshSettings(d.meshId(), d.istioVersion(), d.cni(), null));
      }
      registry =
          registry.withMember(DesiredRecords.toMember(d, registry.mesh(d.meshId()).orElseThrow()));
    }
    for (ClusterStatus s : status.values()) {
      if (registry.member(s.meshId(), s.clusterName()).isPresent()) {
        registry =
            registry.withObserved(
                s.clusterName(),
                new ObservedCluster(s, statusRecords.get(s.clusterName()).timestamp(), false));
      }
    }
    return new Rebuilt(registry, problems);
  }

  private static <T extends MeshEvent> Map<String, T> latest(
      List<LogRecord> records, Class<T> type, List<String> problems) {
    Map<String, T> latest = new LinkedHashMap<>();
    for (LogRecord r : records) {
      if (r.value() == null) {
        latest.remove(r.key());
        continue;
      }
      T value = read(r, type, problems);
      if (value != null) {
        latest.put(r.key(), value);
      }
    }
    return latest;
  }

  private static <T extends MeshEvent> T read(LogRecord r, Class<T> type, List<String> problems) {
    try {
      return EventCodec.decode(type, r.value());
    } catch (EventDecodeException e) {
      problems.add(
          r.topic()
              + "["
              + r.partition()
              + "]@"
              + r.offset()
              + " key="
              + r.key()
              + ": "
              + e.getMessage());
      return null;
    }
  }
}
