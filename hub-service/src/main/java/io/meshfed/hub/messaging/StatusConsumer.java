package io.meshfed.hub.messaging;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.HubState;
import io.meshfed.hub.ca.IntermediateIssuer;
import io.meshfed.hub.intake.CsrTriage;
import io.meshfed.hub.intake.StatusIntake;
import io.meshfed.hub.intake.StatusReplays;
import io.meshfed.hub.intake.StatusSignatures;
import io.meshfed.hub.metrics.HubMetrics;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MemberTrust;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.ca.IssuedIntermediate;
import io.meshfed.security.sign.SigningKeys;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes in the agents' reports from {@code meshfed.status.v1}, one poll's batch at a time: checks
 * that each speaks for the cluster it claims (its signature verifies with the cluster's registered
 * key, or the key is pinned at first contact where the mesh allows it), signs a new intermediate CA
 * request, records the member's phase, addresses and credentials, tells of Ready and Degraded, and
 * writes the new desired, credential and mesh records the batch calls for at once: at most one mesh
 * record per mesh per batch. Of several reports of one cluster in a batch only the one with the
 * greatest sequence whose signature holds is taken in: each is checked first, so a forged report
 * cannot hide a genuine one before it. A genuine report whose sequence is not greater than that of
 * the last report taken in for its cluster (an earlier report sent again, {@link StatusReplays}) is
 * refused as {@code Replayed}. Malformed, unsigned, forged or replayed reports and refused requests
 * go to the dead-letter topic and change nothing, while the rest of their batch is taken in;
 * reports from clusters that are not members of the mesh they name are counted and ignored. The
 * batch's offsets are committed once it is applied.
 */
@ApplicationScoped
public class StatusConsumer {

  private static final Logger LOG = Logger.getLogger(StatusConsumer.class);

  private final HubState state;
  private final RecordPublisher publisher;
  private final DeadLetters deadLetters;
  private final HubMetrics metrics;
  private final RebuildGate gate;
  private final IntermediateIssuer issuer;
  private final HubConfig config;

  @Inject
  public StatusConsumer(
      HubState state,
      RecordPublisher publisher,
      DeadLetters deadLetters,
      HubMetrics metrics,
      RebuildGate gate,
      IntermediateIssuer issuer,
      HubConfig config) {
    this.state = state;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.gate = gate;
    this.issuer = issuer;
    this.config = config;
  }

  @Incoming("status")
  @Blocking(ordered = true)
  public void consume(ConsumerRecords<String, byte[]> records) {
    gate.awaitRebuilt();
    List<Arrived> read = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      read(record).ifPresent(status -> read.add(new Arrived(record, status)));
    }
    if (read.isEmpty()) {
      return;
    }
    Instant received = Instant.now();
    // Signatures are checked before taking the write lock, against the registry as it stands;
    // under the lock a check is redone only if the member's key or its mesh's pinning changed.
    MeshRegistry snapshot = state.current();
    boolean requireRegisteredKey = config.status().requireRegisteredKey();
    List<Arrived> checked = new ArrayList<>(read.size());
    Map<String, Integer> newestVerified = new HashMap<>();
    for (Arrived a : read) {
      Arrived c = a.checkedAgainst(snapshot, requireRegisteredKey);
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
      Arrived c = checked.get(i);
      Member member = snapshot.member(c.status().clusterName()).orElseThrow();
      checked.set(i, c.withCsr(csr(member.trust(), c.status(), received)));
    }
    state.write(() -> intake(checked, received));
  }

  /**
   * A well-formed status record, read off the topic, with the signature check made against a
   * member's key (null until checked).
   */
  private record Arrived(
      ConsumerRecord<String, byte[]> record, ClusterStatus status, Checked checked, Csr csr) {

    Arrived(ConsumerRecord<String, byte[]> record, ClusterStatus status) {
      this(record, status, null, null);
    }

    Arrived withCsr(Csr decided) {
      return new Arrived(record, status, checked, decided);
    }

    Arrived checkedAgainst(MeshRegistry registry, boolean requireRegisteredKey) {
      Optional<Member> member = registry.member(status.meshId(), status.clusterName());
      Optional<MeshSettings> mesh = registry.mesh(status.meshId());
      if (member.isEmpty() || mesh.isEmpty()) {
        return this;
      }
      return new Arrived(
          record,
          status,
          Checked.of(member.get(), mesh.get(), record, status, requireRegisteredKey),
          null);
    }

    /** The verdict for the member as it is now: the earlier check if it still holds. */
    StatusSignatures.Verdict verdict(
        Member member, MeshSettings mesh, boolean requireRegisteredKey) {
      if (checked != null && checked.holdsFor(member, mesh)) {
        return checked.verdict();
      }
      return Checked.of(member, mesh, record, status, requireRegisteredKey).verdict();
    }
  }

  /**
   * What becomes of a report's intermediate CA request, decided (and signed, if due) against the
   * member's intermediate certificate at the time.
   *
   * @param basedOn the member's intermediate certificate the decision was made against, or null
   * @param action what the triage decided
   * @param issued the signed intermediate, if signed
   * @param refused why the signer refused the request, if it did
   * @param failed why the CA store failed, if it did
   */
  private record Csr(
      String basedOn,
      CsrTriage.Action action,
      IssuedIntermediate issued,
      MaterialRejectedException refused,
      IllegalStateException failed) {}

  /** A signature verdict and what it depended on. */
  private record Checked(
      StatusSignatures.Verdict verdict, String signingPublicKey, boolean pinsAtFirstContact) {

    static Checked of(
        Member member,
        MeshSettings mesh,
        ConsumerRecord<String, byte[]> record,
        ClusterStatus status,
        boolean requireRegisteredKey) {
      StatusSignatures.Verdict verdict =
          StatusSignatures.check(
              member,
              mesh,
              record.key(),
              record.value(),
              KafkaEvents.header(record.headers(), CloudEventHeaders.SIGNATURE),
              KafkaEvents.header(record.headers(), CloudEventHeaders.KEY_ID),
              status,
              requireRegisteredKey);
      return new Checked(
          verdict, member.trust().signingPublicKey(), mesh.pinSigningKeysAtFirstContact());
    }

    boolean holdsFor(Member member, MeshSettings mesh) {
      return Objects.equals(signingPublicKey, member.trust().signingPublicKey())
          && pinsAtFirstContact == mesh.pinSigningKeysAtFirstContact();
    }
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

  /**
   * Verifies each report, takes in the accepted ones together and writes what they change: desired
   * and credential records, at most one mesh record per mesh, then the events.
   *
   * <p>Every report's signature is checked before any is set aside as superseded, and of a
   * cluster's reports only the one with the greatest sequence that speaks for it is taken in: a
   * forged or unsigned report later in the batch is dead-lettered and neither counts nor hides the
   * genuine one before it, a genuine one sent again is dead-lettered as {@code Replayed}.
   */
  private Void intake(List<Arrived> arrived, Instant received) {
    MeshRegistry registry = state.current();
    boolean requireRegisteredKey = config.status().requireRegisteredKey();
    Map<String, Verdicted> newest = new LinkedHashMap<>();
    for (Arrived a : arrived) {
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
    if (accepted.isEmpty()) {
      return null;
    }
    StatusIntake.BatchOutcome outcome = StatusIntake.applyAll(registry, accepted);
    publisher.writeState(outcome.changes());
    state.replace(outcome.changes().next());
    publisher.writeEvents(outcome.changes().events());
    Instant written = Instant.now();
    for (StatusIntake.Taken taken : outcome.taken()) {
      ClusterStatus status = taken.status();
      Optional<MeshRecord> meshRecord = outcome.meshRecord(status.meshId());
      if (taken.addressesChanged() && meshRecord.isPresent()) {
        metrics.gatewayChangePublished(status.meshId(), Duration.between(received, written));
        LOG.infof(
            "mesh %s cluster %s: east-west addresses now %s, mesh record revision %d",
            status.meshId(),
            status.clusterName(),
            status.eastWestAddresses(),
            meshRecord.get().revision());
      }
      if (taken.credentialNotSent()) {
        metrics.credentialNotSent(status.meshId());
        LOG.infof(
            "mesh %s cluster %s: reports shared credential %s without its envelope; still routing"
                + " %s until it sends it",
            status.meshId(),
            status.clusterName(),
            status.sharedCredentialId(),
            outcome
                .changes()
                .next()
                .observed(status.clusterName())
                .map(
                    o ->
                        o.sharedCredential() == null ? "none" : o.sharedCredential().credentialId())
                .orElse("none"));
      }
      if (status.phase() == Phase.READY) {
        metrics.readyAt(
            status.meshId(), status.clusterName(), status.observedGeneration(), written);
      }
      if (taken.turnedReady()) {
        LOG.infof(
            "mesh %s cluster %s is Ready at generation %d",
            status.meshId(), status.clusterName(), status.observedGeneration());
      }
      if (pinnedKeys.contains(status.clusterName())) {
        Member member = outcome.changes().next().member(status.clusterName()).orElseThrow();
        LOG.infof(
            "mesh %s cluster %s: pinned its signing key %s at first contact",
            status.meshId(),
            status.clusterName(),
            SigningKeys.fingerprint(
                SigningKeys.decodePublicKey(member.trust().signingPublicKey())));
      }
    }
    return null;
  }

  /**
   * A report that is not refused, with the member it speaks for and its signature verdict under the
   * write lock.
   */
  private record Verdicted(Arrived arrived, Member member, StatusSignatures.Verified verified) {}

  /**
   * The member's identity after a report whose signature verified (or whose key is pinned now), if
   * its intermediate CA request, if any, is not refused. A refused request is dead-lettered.
   */
  private Optional<MemberTrust> accept(Verdicted verdicted, Instant received) {
    Arrived arrived = verdicted.arrived();
    ClusterStatus status = arrived.status();
    MemberTrust before = verdicted.member().trust();
    String pinned = verdicted.verified().pinKey();
    MemberTrust trust = pinned == null ? before : before.withSigningKey(pinned);
    Csr csr =
        arrived.csr() != null
                && Objects.equals(arrived.csr().basedOn(), trust.intermediateCertificate())
            ? arrived.csr()
            : csr(trust, status, received);
    return intermediate(arrived.record(), status, trust, csr);
  }

  /**
   * Decides a report's intermediate CA request against the member's identity, and signs it if it is
   * due. Counts and logs nothing: the decision is made again if the identity changes before the
   * report is taken in.
   */
  private Csr csr(MemberTrust trust, ClusterStatus status, Instant now) {
    String basedOn = trust.intermediateCertificate();
    CsrTriage.Action action = CsrTriage.decide(trust, status, issuer.renewal(), now);
    if (action != CsrTriage.Action.SIGN) {
      return new Csr(basedOn, action, null, null, null);
    }
    try {
      IssuedIntermediate issued =
          issuer.issue(status.meshId(), status.clusterName(), status.intermediateCsr());
      return new Csr(basedOn, action, issued, null, null);
    } catch (MaterialRejectedException e) {
      return new Csr(basedOn, action, null, e, null);
    } catch (IllegalStateException e) {
      return new Csr(basedOn, action, null, null, e);
    }
  }

  /**
   * The member's identity once the intermediate CA request the status carries is dealt with; empty
   * if the request was refused (the record is dead-lettered and changes nothing).
   */
  private Optional<MemberTrust> intermediate(
      ConsumerRecord<String, byte[]> record, ClusterStatus status, MemberTrust trust, Csr csr) {
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
