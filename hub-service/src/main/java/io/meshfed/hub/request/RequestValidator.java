package io.meshfed.hub.request;

import io.meshfed.events.model.ClusterRequest;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.Role;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a membership request against the current registry before anything is accepted. Every
 * rejection names the field at fault and says what to fix. Pure.
 */
final class RequestValidator {

  private RequestValidator() {}

  public static Optional<Rejection> validate(MeshRegistry registry, MembershipRequest request) {
    if (request instanceof DeclareMesh d) {
      return declare(d);
    }
    if (request instanceof ClusterRequest c) {
      return cluster(registry, c, request instanceof JoinCluster);
    }
    return leave(registry, (LeaveCluster) request);
  }

  private static Optional<Rejection> declare(DeclareMesh d) {
    return first(
        FieldChecks.name(d.meshId(), "meshId"),
        FieldChecks.istioVersion(d.istioVersion()),
        FieldChecks.cni(d.cni()),
        FieldChecks.placement(d.gatewayPlacement()));
  }

  private static Optional<Rejection> cluster(
      MeshRegistry registry, ClusterRequest c, boolean join) {
    Optional<Rejection> names =
        first(
            FieldChecks.name(c.meshId(), "meshId"),
            FieldChecks.name(c.clusterName(), "clusterName"));
    if (names.isPresent()) {
      return names;
    }
    if (registry.mesh(c.meshId()).isEmpty()) {
      return Optional.of(meshNotFound(c.meshId()));
    }
    Optional<Member> existing = registry.member(c.clusterName());
    if (existing.isPresent() && !existing.get().meshId().equals(c.meshId())) {
      if (join) {
        return Optional.of(
            Rejection.conflict(
                "ClusterInOtherMesh",
                "clusterName",
                "cluster '"
                    + c.clusterName()
                    + "' is a member of mesh '"
                    + existing.get().meshId()
                    + "'; a cluster belongs to at most one mesh: leave that mesh first"));
      }
      return Optional.of(clusterNotFound(c.meshId(), c.clusterName()));
    }
    if (!join && existing.isEmpty()) {
      return Optional.of(clusterNotFound(c.meshId(), c.clusterName()));
    }
    return first(
        role(c),
        FieldChecks.network(c.network()),
        FieldChecks.placement(c.gatewayPlacement()),
        FieldChecks.apiServerUrl(c.apiServerUrl()),
        FieldChecks.apiServerTlsServerName(c.apiServerTlsServerName()),
        FieldChecks.gatewayAddressPool(c.gatewayAddressPool()),
        FieldChecks.signingPublicKey(c.signingPublicKey()),
        controlPlane(registry, c),
        demotion(registry, c, existing),
        networks(registry, c));
  }

  private static Optional<Rejection> leave(MeshRegistry registry, LeaveCluster l) {
    Optional<Rejection> names =
        first(
            FieldChecks.name(l.meshId(), "meshId"),
            FieldChecks.name(l.clusterName(), "clusterName"));
    if (names.isPresent()) {
      return names;
    }
    if (registry.mesh(l.meshId()).isEmpty()) {
      return Optional.of(meshNotFound(l.meshId()));
    }
    Optional<Member> member = registry.member(l.meshId(), l.clusterName());
    if (member.isEmpty()) {
      return Optional.of(clusterNotFound(l.meshId(), l.clusterName()));
    }
    List<Member> remotes = registry.remotesOf(member.get());
    if (!remotes.isEmpty()) {
      return Optional.of(
          Rejection.conflict(
              "PrimaryServesRemotes",
              "clusterName",
              "primary '"
                  + l.clusterName()
                  + "' still serves remotes "
                  + names(remotes)
                  + "; move them to another primary or let them leave first"));
    }
    return Optional.empty();
  }

  private static Optional<Rejection> role(ClusterRequest c) {
    if (c.role() == null || c.role() == Role.UNKNOWN) {
      return Optional.of(
          Rejection.invalid("InvalidRole", "role", "role is required: PRIMARY or REMOTE"));
    }
    return Optional.empty();
  }

  private static Optional<Rejection> controlPlane(MeshRegistry registry, ClusterRequest c) {
    String cp = c.controlPlaneCluster();
    boolean set = cp != null && !cp.isBlank();
    if (c.role() == Role.PRIMARY) {
      return set
          ? Optional.of(
              Rejection.invalid(
                  "ControlPlaneNotAllowed",
                  "controlPlaneCluster",
                  "a PRIMARY runs its own control plane; remove controlPlaneCluster or make '"
                      + c.clusterName()
                      + "' a REMOTE"))
          : Optional.empty();
    }
    if (!set) {
      return Optional.of(
          Rejection.invalid(
              "ControlPlaneRequired",
              "controlPlaneCluster",
              "a REMOTE needs controlPlaneCluster: the name of a primary of mesh '"
                  + c.meshId()
                  + "'"));
    }
    if (!Names.isDns1123Label(cp)) {
      return Optional.of(
          Rejection.invalid(
              "InvalidName",
              "controlPlaneCluster",
              "controlPlaneCluster '" + cp + "' is not " + Names.labelRule()));
    }
    if (cp.equals(c.clusterName())) {
      return Optional.of(
          Rejection.invalid(
              "InvalidControlPlane",
              "controlPlaneCluster",
              "a REMOTE cannot be its own control plane; name a primary of mesh '"
                  + c.meshId()
                  + "'"));
    }
    Optional<Member> primary = registry.member(c.meshId(), cp);
    if (primary.isEmpty()) {
      return Optional.of(
          Rejection.invalid(
              "UnknownControlPlane",
              "controlPlaneCluster",
              "controlPlaneCluster '"
                  + cp
                  + "' is not a member of mesh '"
                  + c.meshId()
                  + "'; join it as a PRIMARY first or name one of "
                  + names(primaries(registry, c.meshId()))));
    }
    if (!primary.get().isPrimary()) {
      return Optional.of(
          Rejection.invalid(
              "ControlPlaneNotPrimary",
              "controlPlaneCluster",
              "controlPlaneCluster '"
                  + cp
                  + "' is a "
                  + primary.get().role()
                  + "; name a PRIMARY of mesh '"
                  + c.meshId()
                  + "': "
                  + names(primaries(registry, c.meshId()))));
    }
    return Optional.empty();
  }

  private static Optional<Rejection> demotion(
      MeshRegistry registry, ClusterRequest c, Optional<Member> existing) {
    if (existing.isEmpty() || !existing.get().isPrimary() || c.role() == Role.PRIMARY) {
      return Optional.empty();
    }
    List<Member> remotes = registry.remotesOf(existing.get());
    if (remotes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Rejection.conflict(
            "PrimaryServesRemotes",
            "role",
            "primary '"
                + c.clusterName()
                + "' still serves remotes "
                + names(remotes)
                + "; move them to another primary before it becomes a "
                + c.role()));
  }

  private static Optional<Rejection> networks(MeshRegistry registry, ClusterRequest c) {
    Set<String> networks = new TreeSet<>();
    List<String> withoutNetwork = new ArrayList<>();
    String own = c.network() == null ? "" : c.network();
    networks.add(own);
    if (own.isEmpty()) {
      withoutNetwork.add(c.clusterName());
    }
    for (Member m : registry.membersOf(c.meshId())) {
      if (m.clusterName().equals(c.clusterName())) {
        continue;
      }
      networks.add(m.networkOrEmpty());
      if (m.network() == null) {
        withoutNetwork.add(m.clusterName());
      }
    }
    if (networks.size() <= 1 || withoutNetwork.isEmpty()) {
      return Optional.empty();
    }
    networks.remove("");
    String message =
        own.isEmpty()
            ? "mesh '"
                + c.meshId()
                + "' spans networks "
                + networks
                + "; set network for cluster '"
                + c.clusterName()
                + "'"
            : "with network '"
                + own
                + "' mesh '"
                + c.meshId()
                + "' would span networks "
                + networks
                + ", so every member needs a network; clusters "
                + withoutNetwork
                + " have none: give them one first";
    return Optional.of(Rejection.invalid("NetworkRequired", "network", message));
  }

  private static List<Member> primaries(MeshRegistry registry, String meshId) {
    return registry.membersOf(meshId).stream().filter(Member::isPrimary).toList();
  }

  private static String names(List<Member> members) {
    return members.stream().map(Member::clusterName).toList().toString();
  }

  private static Rejection meshNotFound(String meshId) {
    return Rejection.notFound(
        "MeshNotFound",
        "meshId",
        "mesh '"
            + meshId
            + "' is not declared; declare it with PUT /api/v1/meshes/"
            + meshId
            + " first");
  }

  private static Rejection clusterNotFound(String meshId, String cluster) {
    return Rejection.notFound(
        "ClusterNotFound",
        "clusterName",
        "cluster '" + cluster + "' is not a member of mesh '" + meshId + "'; join it first");
  }

  @SafeVarargs
  private static Optional<Rejection> first(Optional<Rejection>... checks) {
    for (Optional<Rejection> check : checks) {
      if (check.isPresent()) {
        return check;
      }
    }
    return Optional.empty();
  }
}
