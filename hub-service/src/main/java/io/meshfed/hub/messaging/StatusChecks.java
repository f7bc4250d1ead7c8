package io.meshfed.hub.messaging;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubState;
import io.meshfed.hub.intake.StatusReplays;
import io.meshfed.hub.intake.StatusSignatures;
import io.meshfed.hub.metrics.HubMetrics;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The first part of taking in a batch of statuses, outside the write lock: decodes each record
 * (dead-lettering a malformed one, another event, or one whose key names another cluster), checks
 * each signature against the registry as it stands, and decides (and signs, if due) the
 * intermediate CA request of the report that will be taken in for its cluster. What it found holds
 * under the lock unless the member's key, its mesh's pinning or its intermediate changed meanwhile
 * ({@link StatusDecider} checks that again).
 */
final class StatusChecks {

  /**
   * The well-formed reports of a batch, in the order they arrived, each checked against the
   * registry as it stood.
   *
   * @param arrived the reports
   * @param received when the hub read them
   */
  record Batch(List<ArrivedStatus> arrived, Instant received) {}

  private final HubState state;
  private final DeadLetters deadLetters;
  private final HubMetrics metrics;
  private final IntermediateRequests intermediates;

  StatusChecks(
      HubState state,
      DeadLetters deadLetters,
      HubMetrics metrics,
      IntermediateRequests intermediates) {
    this.state = state;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.intermediates = intermediates;
  }

  /** The batch's well-formed reports, checked; empty if there is none. */
  Optional<Batch> check(ConsumerRecords<String, byte[]> records, boolean requireRegisteredKey) {
    List<ArrivedStatus> read = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      read(record).ifPresent(status -> read.add(new ArrivedStatus(record, status)));
    }
    if (read.isEmpty()) {
      return Optional.empty();
    }
    Instant received = Instant.now();
    // Signatures are checked before taking the write lock, against the registry as it stands;
    // under the lock a check is redone only if the member's key or its mesh's pinning changed.
    MeshRegistry snapshot = state.current();
    List<ArrivedStatus> checked = new ArrayList<>(read.size());
    Map<String, Integer> newestVerified = new HashMap<>();
    for (ArrivedStatus a : read) {
      ArrivedStatus c = a.checkedAgainst(snapshot, requireRegisteredKey);
      if (c.checked() != null && c.checked().verdict() instanceof StatusSignatures.Verified) {
        String cluster = c.status().clusterName();
        Integer kept = newestVerified.get(cluster);
        StatusReplays.Fate fate =
            StatusReplays.decide(
                StatusReplays.lastTaken(snapshot, cluster),
                kept == null
                    ? OptionalLong.empty()
                    : OptionalLong.of(checked.get(kept).status().sequence()),
                c.status().sequence());
        if (fate == StatusReplays.Fate.KEEP) {
          newestVerified.put(cluster, checked.size());
        }
      }
      checked.add(c);
    }
    // Only the report that will be taken in for its cluster has its intermediate CA request
    // signed: the newest one that speaks for it, an earlier one sent again aside.
    for (int i : newestVerified.values()) {
      ArrivedStatus c = checked.get(i);
      Member member = snapshot.member(c.status().clusterName()).orElseThrow();
      checked.set(i, c.withCsr(intermediates.decide(member.trust(), c.status(), received)));
    }
    return Optional.of(new Batch(checked, received));
  }

  /** The status a record carries; empty (dead-lettered if malformed) if there is none to take. */
  private Optional<ClusterStatus> read(ConsumerRecord<String, byte[]> record) {
    if (state.statusAlreadyRead(record.partition(), record.offset()) || record.value() == null) {
      return Optional.empty();
    }
    MeshEvent event;
    try {
      event = KafkaEvents.decode(record);
    } catch (EventDecodeException e) {
      deadLetters.send(record, e.reason(), e.getMessage());
      return Optional.empty();
    }
    if (!(event instanceof ClusterStatus status)) {
      deadLetters.send(
          record,
          "NotAStatus",
          "a "
              + event.getClass().getSimpleName()
              + " on the status topic; only ClusterStatus belongs there");
      return Optional.empty();
    }
    if (record.key() != null && !record.key().equals(status.clusterName())) {
      // Counted under the mesh of the cluster the key names, never under a mesh the body claims.
      metrics.statusRejected(
          state.current().member(record.key()).map(Member::meshId).orElse("unknown"),
          "KeyMismatch");
      deadLetters.send(
          record,
          "KeyMismatch",
          "the record key '"
              + record.key()
              + "' is not the cluster the status speaks for ('"
              + status.clusterName()
              + "')");
      return Optional.empty();
    }
    return Optional.of(status);
  }
}
