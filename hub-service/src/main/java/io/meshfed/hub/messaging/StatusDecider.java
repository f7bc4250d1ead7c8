package io.meshfed.hub.messaging;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.hub.intake.CsrTriage;
import io.meshfed.hub.intake.StatusIntake;
import io.meshfed.hub.intake.StatusReplays;
import io.meshfed.hub.intake.StatusSignatures;
import io.meshfed.hub.metrics.HubMetrics;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MemberTrust;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.security.ca.IssuedIntermediate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The second part of taking in a batch of statuses, under the write lock: decides, against the
 * registry as it is now, which checked reports are taken in. Every report's signature verdict is
 * settled before any is set aside as superseded, and of a cluster's reports only the one with the
 * greatest sequence that speaks for it is taken in: a forged or unsigned report later in the batch
 * is dead-lettered and neither counts nor hides the genuine one before it, a genuine one sent again
 * is dead-lettered as {@code Replayed}. A verdict or an intermediate CA decision made outside the
 * lock is used only while what it depended on is unchanged. Refused reports are dead-lettered and
 * counted here, in the order they arrived.
 */
final class StatusDecider {

  private static final Logger LOG = Logger.getLogger(StatusConsumer.class);

  /**
   * What a batch takes in.
   *
   * @param accepted the reports to take in, the newest of each cluster
   * @param pinnedKeys the clusters whose signing key is pinned with their report
   */
  record Decided(List<StatusIntake.Report> accepted, List<String> pinnedKeys) {}

  private final DeadLetters deadLetters;
  private final HubMetrics metrics;
  private final IntermediateRequests intermediates;

  StatusDecider(DeadLetters deadLetters, HubMetrics metrics, IntermediateRequests intermediates) {
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.intermediates = intermediates;
  }

  /** Decides a checked batch against the registry; call it under the write lock. */
  Decided decide(
      MeshRegistry registry,
      List<ArrivedStatus> arrived,
      Instant received,
      boolean requireRegisteredKey) {
    Map<String, Verdicted> newest = new LinkedHashMap<>();
    for (ArrivedStatus a : arrived) {
      ClusterStatus status = a.status();
      String cluster = status.clusterName();
      Optional<Member> member = registry.member(status.meshId(), cluster);
      if (member.isEmpty()) {
        // Neither kept nor compared: a report naming another mesh needs no signature, so it must
        // not set aside one that speaks for the cluster.
        metrics.statusIgnored("NotAMember");
        LOG.debugf(
            "ignored status of cluster %s: not a member of mesh %s", cluster, status.meshId());
        continue;
      }
      MeshSettings mesh = registry.mesh(status.meshId()).orElseThrow();
      StatusSignatures.Verdict verdict = a.verdict(member.get(), mesh, requireRegisteredKey);
      if (verdict instanceof StatusSignatures.Refused refused) {
        reject(a.record(), status, refused.reason(), refused.message());
        continue;
      }
      Optional<String> outside = StatusSignatures.outsidePool(member.get(), status);
      if (outside.isPresent()) {
        reject(a.record(), status, StatusSignatures.OUTSIDE_POOL, outside.get());
        continue;
      }
      Verdicted older = newest.get(cluster);
      long lastTaken = StatusReplays.lastTaken(registry, cluster);
      OptionalLong kept =
          older == null
              ? OptionalLong.empty()
              : OptionalLong.of(older.arrived().status().sequence());
      switch (StatusReplays.decide(lastTaken, kept, status.sequence())) {
        case REPLAYED -> {
          reject(
              a.record(),
              status,
              StatusReplays.REPLAYED,
              StatusReplays.message(cluster, lastTaken, kept, status.sequence()));
          continue;
        }
        case SUPERSEDED -> {
          metrics.statusIgnored(HubMetrics.SUPERSEDED);
          continue;
        }
        case KEEP -> {
          if (older != null) {
            metrics.statusIgnored(HubMetrics.SUPERSEDED);
          }
        }
      }
      newest.remove(cluster);
      newest.put(cluster, new Verdicted(a, member.get(), (StatusSignatures.Verified) verdict));
    }
    List<StatusIntake.Report> accepted = new ArrayList<>();
    List<String> pinnedKeys = new ArrayList<>();
    for (Verdicted v : newest.values()) {
      accept(v, received)
          .ifPresent(
              trust -> {
                MemberTrust before = v.member().trust();
                if (!Objects.equals(before.signingPublicKey(), trust.signingPublicKey())) {
                  pinnedKeys.add(v.arrived().status().clusterName());
                }
                accepted.add(
                    new StatusIntake.Report(
                        v.arrived().status(), received, trust.equals(before) ? null : trust));
              });
    }
    return new Decided(accepted, pinnedKeys);
  }

  /**
   * A report that is not refused, with the member it speaks for and its signature verdict under the
   * write lock.
   */
  private record Verdicted(
      ArrivedStatus arrived, Member member, StatusSignatures.Verified verified) {}

  /**
   * The member's identity after a report whose signature verified (or whose key is pinned now), if
   * its intermediate CA request, if any, is not refused. A refused request is dead-lettered.
   */
  private Optional<MemberTrust> accept(Verdicted verdicted, Instant received) {
    ArrivedStatus arrived = verdicted.arrived();
    ClusterStatus status = arrived.status();
    MemberTrust before = verdicted.member().trust();
    String pinned = verdicted.verified().pinKey();
    MemberTrust trust = pinned == null ? before : before.withSigningKey(pinned);
    ArrivedStatus.Csr csr =
        arrived.csr() != null
                && Objects.equals(arrived.csr().basedOn(), trust.intermediateCertificate())
            ? arrived.csr()
            : intermediates.decide(trust, status, received);
    return intermediate(arrived.record(), status, trust, csr);
  }

  /**
   * The member's identity once the intermediate CA request the status carries is dealt with; empty
   * if the request was refused (the record is dead-lettered and changes nothing).
   */
  private Optional<MemberTrust> intermediate(
      ConsumerRecord<String, byte[]> record,
      ClusterStatus status,
      MemberTrust trust,
      ArrivedStatus.Csr csr) {
    String meshId = status.meshId();
    String cluster = status.clusterName();
    if (csr.action() == CsrTriage.Action.NONE) {
      return Optional.of(trust);
    }
    if (csr.action() == CsrTriage.Action.DEFERRED) {
      metrics.intermediateRequest(meshId, HubMetrics.DEFERRED);
      LOG.debugf(
          "mesh %s cluster %s: a request for a new intermediate key waits until the current"
              + " intermediate is due for renewal",
          meshId, cluster);
      return Optional.of(trust);
    }
    if (csr.refused() != null) {
      metrics.intermediateRequest(meshId, HubMetrics.REJECTED);
      reject(record, status, csr.refused().reason(), csr.refused().getMessage());
      return Optional.empty();
    }
    if (csr.failed() != null) {
      // The CA store failed: take the rest of the report in; the request comes again with the
      // next heartbeat.
      metrics.intermediateRequest(meshId, HubMetrics.FAILED);
      LOG.errorf(
          csr.failed(),
          "mesh %s cluster %s: cannot sign its intermediate CA request",
          meshId,
          cluster);
      return Optional.of(trust);
    }
    IssuedIntermediate issued = csr.issued();
    metrics.intermediateRequest(meshId, HubMetrics.ISSUED);
    LOG.infof(
        "mesh %s cluster %s: issued its intermediate CA, valid until %s",
        meshId, cluster, issued.notAfter());
    return Optional.of(
        trust.withIntermediate(issued.certificatePem(), issued.rootCertificatePem()));
  }

  private void reject(
      ConsumerRecord<String, byte[]> record, ClusterStatus status, String reason, String message) {
    metrics.statusRejected(status.meshId(), reason);
    LOG.warnf(
        "mesh %s cluster %s: refused a status record: %s (%s)",
        status.meshId(), status.clusterName(), message, reason);
    deadLetters.send(record, reason, message);
  }
}
