package io.meshfed.hub.request;

import io.meshfed.events.EventType;
import io.meshfed.events.model.ClusterJoined;
import io.meshfed.events.model.ClusterLeft;
import io.meshfed.events.model.ClusterRequest;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.DomainEvent;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.model.RequestRejected;
import io.meshfed.events.model.Role;
import io.meshfed.hub.plan.Changes;
import io.meshfed.hub.plan.DesiredRecords;
import io.meshfed.hub.plan.MeshChanges;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MemberTrust;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.MeshSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides a membership request against the registry: a {@link Rejection}, or the records that carry
 * it out. A change to one cluster writes its own desired record, the desired record of a primary
 * whose own plan it changes (its {@code externalIstiod}, when it gets its first or loses its last
 * remote), the credential records it changes (a leave deletes the leaver's; a primary's join or
 * leave changes the recipients of the others') and at most one mesh record; only a change of the
 * mesh's own settings rewrites every member. Pure.
 */
public final class RequestDecider {

  private RequestDecider() {}

  /**
   * @param actor who sent the request, named in its RequestAccepted event; null if unknown
   */
  public static Decision decide(
      MeshRegistry registry, MembershipRequest request, String requestId, String actor) {
    Optional<Rejection> rejection = RequestValidator.validate(registry, request);
    if (rejection.isPresent()) {
      return rejection.get();
    }
    if (request instanceof DeclareMesh d) {
      return declare(registry, d, requestId, actor);
    }
    if (request instanceof ClusterRequest c) {
      return joinOrUpdate(registry, c, request, requestId, actor);
    }
    return leave(registry, (LeaveCluster) request, requestId, actor);
  }

  /**
   * The event that tells a platform team why its request was rejected.
   *
   * @param actor who sent the request, when its token was valid; else null
   */
  public static RequestRejected rejected(
      String meshId,
      String requestId,
      String requestType,
      String cluster,
      Rejection r,
      String actor) {
    return new RequestRejected(
        meshId, requestId, requestType, cluster, r.reason(), r.field(), r.message(), actor);
  }

  private static Decision declare(
      MeshRegistry before, DeclareMesh d, String requestId, String actor) {
    MeshSettings settings =
        new MeshSettings(
            d.meshId(),
            d.istioVersion(),
            d.cni(),
            d.gatewayPlacement(),
            d.pinsSigningKeysAtFirstContact());
    Changes changes = MeshChanges.between(before, before.withMesh(settings), d.meshId());
    long revision = changes.next().meshRevision(d.meshId());
    return accepted(changes, d, requestId, actor, null, revision, List.of());
  }

  private static Decision joinOrUpdate(
      MeshRegistry before,
      ClusterRequest c,
      MembershipRequest request,
      String requestId,
      String actor) {
    MeshSettings mesh = before.mesh(c.meshId()).orElseThrow();
    Optional<Member> existing = before.member(c.meshId(), c.clusterName());
    Member wanted =
        new Member(
            c.meshId(),
            c.clusterName(),
            c.role(),
            c.network(),
            c.role() == Role.REMOTE ? c.controlPlaneCluster() : null,
            DesiredRecords.placementOverride(c.gatewayPlacement(), mesh),
            c.apiServerUrl(),
            c.apiServerTlsServerName(),
            existing.map(Member::generation).orElse(0L),
            trust(existing, c),
            null,
            c.gatewayAddressPool());
    MeshRegistry after = before.withMember(wanted);
    if (existing.filter(Member::isPrimary).isPresent() && !wanted.isPrimary()) {
      // It holds no remote secrets any more; should it be a primary again, it confirms anew.
      after = after.withoutRecipient(c.clusterName());
    }
    Changes changes = MeshChanges.between(before, after, c.meshId());
    Member member = changes.next().member(c.clusterName()).orElseThrow();
    List<DomainEvent> events = new ArrayList<>();
    if (existing.isEmpty()) {
      events.add(
          new ClusterJoined(
              c.meshId(), c.clusterName(), c.role(), c.network(), member.generation()));
    }
    return accepted(
        changes, request, requestId, actor, c.clusterName(), member.generation(), events);
  }

  /**
   * The member's identity after the request: a signing key in the request registers it (a join or a
   * rotation); without one the registered key stays. The issued intermediate always stays.
   */
  private static MemberTrust trust(Optional<Member> existing, ClusterRequest c) {
    MemberTrust current = existing.map(Member::trust).orElse(MemberTrust.none());
    String key = c.signingPublicKey();
    return key == null || key.isBlank() ? current : current.withSigningKey(key.strip());
  }

  private static Decision leave(
      MeshRegistry before, LeaveCluster l, String requestId, String actor) {
    Member member = before.member(l.meshId(), l.clusterName()).orElseThrow();
    Changes changes =
        MeshChanges.between(before, before.withoutMember(l.clusterName()), l.meshId());
    return accepted(
        changes,
        l,
        requestId,
        actor,
        l.clusterName(),
        member.generation() + 1,
        List.of(new ClusterLeft(l.meshId(), l.clusterName())));
  }

  private static Accepted accepted(
      Changes changes,
      MembershipRequest request,
      String requestId,
      String actor,
      String cluster,
      long generation,
      List<DomainEvent> clusterEvents) {
    List<DomainEvent> events = new ArrayList<>();
    events.add(
        new RequestAccepted(
            request.meshId(),
            requestId,
            EventType.of(request).ceType(),
            cluster,
            generation,
            actor));
    events.addAll(clusterEvents);
    events.addAll(changes.events());
    Changes ordered = changes.withEventsReplaced(events);
    return new Accepted(ordered, request.meshId(), cluster, generation);
  }
}
