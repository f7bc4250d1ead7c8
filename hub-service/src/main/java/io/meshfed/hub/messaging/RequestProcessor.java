package io.meshfed.hub.messaging;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterRequest;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.HubState;
import io.meshfed.hub.auth.RequestAuthorizer;
import io.meshfed.hub.auth.RequestAuthorizer.Authorization;
import io.meshfed.hub.ca.MeshRoots;
import io.meshfed.hub.metrics.HubMetrics;
import io.meshfed.hub.request.Accepted;
import io.meshfed.hub.request.Decision;
import io.meshfed.hub.request.Names;
import io.meshfed.hub.request.Rejection;
import io.meshfed.hub.request.RequestDecider;
import io.meshfed.hub.request.RequestSchema;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The only writer of membership state. For each request on {@code meshfed.requests.v1}: decode it
 * strictly, check that its signature allows changing its mesh ({@link RequestAuthorizer}: the hub's
 * own for a REST caller, or a platform team's registered key), decide it against the registry,
 * write the desired record(s) and at most one mesh record and wait for the broker, update the
 * registry, write the outcome event, and only then let the record be committed. A request without a
 * valid signature, or whose key does not allow its mesh, is rejected with an event and changes
 * nothing. A request that breaks its published JSON Schema ({@link RequestSchema}) is treated as
 * one that cannot be read: rejected with an event naming the field, or dead-lettered without an id
 * or mesh key. A request that cannot be read but names its id and mesh is rejected with an event
 * too; one without a usable id, and one over {@code meshfed.hub.max-request-bytes} (unread), goes
 * to the dead-letter topic.
 */
@ApplicationScoped
public class RequestProcessor {

  private static final Logger LOG = Logger.getLogger(RequestProcessor.class);

  private final HubState state;
  private final RecordPublisher publisher;
  private final DeadLetters deadLetters;
  private final PendingRequests pending;
  private final HubMetrics metrics;
  private final RebuildGate gate;
  private final MeshRoots roots;
  private final RequestAuthorizer authorizer;
  private final HubConfig config;

  @Inject
  public RequestProcessor(
      HubState state,
      RecordPublisher publisher,
      DeadLetters deadLetters,
      PendingRequests pending,
      HubMetrics metrics,
      RebuildGate gate,
      MeshRoots roots,
      RequestAuthorizer authorizer,
      HubConfig config) {
    this.state = state;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.pending = pending;
    this.metrics = metrics;
    this.gate = gate;
    this.roots = roots;
    this.authorizer = authorizer;
    this.config = config;
  }

  /**
   * Handles one request record. A failure to write to the log is rethrown: the record is nacked and
   * goes to the dead-letter topic with the failure as its reason (the channel's failure strategy),
   * and the REST caller, if any, gets a 503.
   */
  @Incoming("requests")
  @Blocking(ordered = true)
  public void process(ConsumerRecord<String, byte[]> record) {
    gate.awaitRebuilt();
    int size = record.value() == null ? 0 : record.value().length;
    if (size > config.maxRequestBytes()) {
      // Decided before decoding: an oversized value is never parsed.
      deadLetters.send(
          record, Rejection.TOO_LARGE, Rejection.tooLargeMessage(size, config.maxRequestBytes()));
      return;
    }
    String id = KafkaEvents.header(record.headers(), CloudEventHeaders.ID);
    String type = KafkaEvents.header(record.headers(), CloudEventHeaders.TYPE);
    MeshEvent event;
    try {
      event = EventCodec.decodeStrict(type, record.value());
    } catch (EventDecodeException e) {
      unreadable(record, id, type, e.reason(), e.field().orElse(null), e.getMessage());
      return;
    }
    if (!(event instanceof MembershipRequest request)) {
      unreadable(
          record,
          id,
          type,
          "NotARequest",
          null,
          "'" + type + "' is not a membership request; send it to its own topic");
      return;
    }
    if (id == null || id.isBlank()) {
      deadLetters.send(
          record, "MissingId", "the request has no ce_id header; it names the request");
      return;
    }
    Optional<Rejection> schema = RequestSchema.check(EventType.of(request), record.value());
    if (schema.isPresent()) {
      Rejection r = schema.get();
      unreadable(record, id, type, r.reason(), r.field(), r.message());
      return;
    }
    Authorization auth =
        authorizer.authorize(record.headers(), request.meshId(), record.value(), Instant.now());
    if (auth.duplicate()) {
      duplicate(request.meshId(), id);
      return;
    }
    if (!auth.allowed()) {
      refuse(
          request.meshId(),
          id,
          EventType.of(request).ceType(),
          clusterOf(request),
          auth.refusal(),
          auth.actor());
      return;
    }
    try {
      state.write(() -> decideAndWrite(request, id, auth.actor()));
    } catch (RuntimeException e) {
      LOG.errorf(e, "request %s for mesh %s could not be written to the log", id, request.meshId());
      pending.fail(id, e);
      metrics.deadLettered("WriteFailed");
      throw e;
    }
  }

  private Void decideAndWrite(MembershipRequest request, String id, String actor) {
    Decision decision = RequestDecider.decide(state.current(), request, id, actor);
    if (decision instanceof Accepted a) {
      if (request instanceof DeclareMesh) {
        // A mesh is declared with its root CA, or not at all.
        roots.rootOf(a.meshId());
      }
      publisher.writeState(a.changes());
      state.replace(a.changes().next());
      publisher.writeEvents(a.changes().events());
      metrics.requestAccepted();
      metrics.meshesChanged(a.changes().next());
      if (a.clusterName() != null) {
        if (a.changes().tombstones().contains(a.clusterName())) {
          metrics.forget(a.clusterName());
        } else if (!a.changes().desired().isEmpty()) {
          metrics.awaitReady(a.clusterName(), a.generation(), Instant.now());
        }
      }
      LOG.infof(
          "accepted request %s (%s) of %s for mesh %s cluster %s: generation %d",
          id,
          EventType.of(request).messageName(),
          actor == null ? "-" : actor,
          a.meshId(),
          a.clusterName() == null ? "-" : a.clusterName(),
          a.generation());
    } else {
      Rejection r = (Rejection) decision;
      reject(request.meshId(), id, EventType.of(request).ceType(), clusterOf(request), r, actor);
    }
    pending.complete(id, decision);
    return null;
  }

  private void unreadable(
      ConsumerRecord<String, byte[]> record,
      String id,
      String type,
      String reason,
      String field,
      String message) {
    String meshId = record.key();
    if (id == null || id.isBlank() || !Names.isDns1123Label(meshId)) {
      deadLetters.send(record, reason, message);
      return;
    }
    // Who may not change the mesh learns nothing about what it sent.
    Authorization auth =
        authorizer.authorize(record.headers(), meshId, record.value(), Instant.now());
    if (auth.duplicate()) {
      duplicate(meshId, id);
      return;
    }
    Rejection r = auth.allowed() ? Rejection.invalid(reason, field, message) : auth.refusal();
    refuse(meshId, id, type, null, r, auth.actor());
  }

  /**
   * A request taken in already (read again after a restart before its offset was committed, or a
   * copy sent again): its outcome is on the log, so it gets no second one; counted.
   */
  private void duplicate(String meshId, String id) {
    metrics.requestDuplicate();
    LOG.infof(
        "request %s for mesh %s was taken in already (its outcome is on %s): not decided again",
        id, meshId, Topics.EVENTS);
  }

  private void refuse(
      String meshId, String id, String type, String cluster, Rejection r, String actor) {
    state.write(
        () -> {
          reject(meshId, id, type, cluster, r, actor);
          return null;
        });
    pending.complete(id, r);
  }

  private void reject(
      String meshId, String id, String type, String cluster, Rejection r, String actor) {
    publisher.writeEvents(List.of(RequestDecider.rejected(meshId, id, type, cluster, r, actor)));
    metrics.requestRejected(r.reason());
    LOG.infof(
        "rejected request %s of %s for mesh %s cluster %s: %s (%s)",
        id,
        actor == null ? "-" : actor,
        meshId,
        cluster == null ? "-" : cluster,
        r.message(),
        r.reason());
  }

  private static String clusterOf(MembershipRequest request) {
    if (request instanceof ClusterRequest c) {
      return c.clusterName();
    }
    if (request instanceof LeaveCluster l) {
      return l.clusterName();
    }
    return null;
  }
}
