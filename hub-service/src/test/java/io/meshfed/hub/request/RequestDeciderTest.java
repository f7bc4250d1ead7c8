package io.meshfed.hub.request;

import static io.meshfed.hub.support.Meshes.applyAll;
import static io.meshfed.hub.support.Meshes.declared;
import static io.meshfed.hub.support.Meshes.primary;
import static io.meshfed.hub.support.Meshes.remote;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.ClusterJoined;
import io.meshfed.events.model.ClusterLeft;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.MeshNetworksChanged;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.Toleration;
import io.meshfed.events.model.UpdateCluster;
import io.meshfed.hub.plan.DesiredRecords;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.hub.support.Meshes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestDeciderTest {

  private static Accepted accept(MeshRegistry r, MembershipRequest request) {
    Decision d = RequestDecider.decide(r, request, "req-1", null);
    assertThat(d).isInstanceOf(Accepted.class);
    return (Accepted) d;
  }

  @Test
  void declaringAMeshWritesItsFirstMeshRecord() {
    Accepted a = accept(MeshRegistry.empty(3), new DeclareMesh("m", "v1.28.1", null, null));

    assertThat(a.generation()).isEqualTo(1);
    assertThat(a.changes().desired()).isEmpty();
    assertThat(a.changes().meshRecords()).hasSize(1);
    MeshRecord record = a.changes().meshRecords().get(0);
    assertThat(record.revision()).isEqualTo(1);
    assertThat(record.istioVersion()).isEqualTo("v1.28.1");
    assertThat(a.changes().events().get(0))
        .isEqualTo(
            new RequestAccepted("m", "req-1", "io.meshfed.request.mesh.declare.v1", null, 1, null));
  }

  @Test
  void redeclaringTheSameMeshWritesNothingButTheAcceptance() {
    Accepted a = accept(declared("m"), new DeclareMesh("m", "v1.28.1", null, null));

    assertThat(a.generation()).isEqualTo(1);
    assertThat(a.changes().meshRecords()).isEmpty();
    assertThat(a.changes().events()).hasSize(1).first().isInstanceOf(RequestAccepted.class);
  }

  @Test
  void joinWritesTheClusterDesiredRecordAndOneMeshRecordAndNoOtherMembersDesiredRecord() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "a", "n1"), primary("m", "b", "n1"));

    Accepted a = accept(r, primary("m", "c", "n1"));

    assertThat(a.generation()).isEqualTo(1);
    assertThat(a.changes().desired())
        .extracting(DesiredMembership::clusterName, DesiredMembership::generation)
        .as("c's first record; a and b find c's credential on the credentials topic")
        .containsExactly(org.assertj.core.groups.Tuple.tuple("c", 1L));
    DesiredMembership c = a.changes().desired().get(0);
    assertThat(c.epoch()).isEqualTo(1);
    assertThat(c.istioVersion()).isEqualTo("v1.28.1");
    assertThat(c.network()).isEqualTo("n1");
    assertThat(c.externalIstiod()).isFalse();
    assertThat(a.changes().next().member("a").orElseThrow().generation()).isEqualTo(1);
    assertThat(a.changes().meshRecords())
        .singleElement()
        .satisfies(m -> assertThat(m.primaries()).containsOnlyKeys("a", "b", "c"));
    assertThat(a.changes().credentials()).isEmpty();
    assertThat(a.changes().events())
        .hasAtLeastOneElementOfType(ClusterJoined.class)
        .hasAtLeastOneElementOfType(MeshNetworksChanged.class);
  }

  @Test
  void updateIncrementsTheGenerationOnlyWhenSomethingChanged() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "a", "n1"));

    Accepted same = accept(r, new UpdateCluster("m", "a", Role.PRIMARY, "n1", null, null, null));
    assertThat(same.generation()).isEqualTo(1);
    assertThat(same.changes().desired()).isEmpty();
    assertThat(same.changes().meshRecords()).isEmpty();

    Accepted rejoin = accept(r, primary("m", "a", "n1"));
    assertThat(rejoin.changes().desired()).isEmpty();
    assertThat(rejoin.changes().events()).noneMatch(e -> e instanceof ClusterJoined);

    GatewayPlacement infra =
        new GatewayPlacement(
            Map.of("node-role.kubernetes.io/infra", ""),
            List.of(new Toleration("node-role.kubernetes.io/infra", "Exists", null, "NoSchedule")));
    Accepted moved = accept(r, new UpdateCluster("m", "a", Role.PRIMARY, "n1", null, infra, null));
    assertThat(moved.generation()).isEqualTo(2);
    assertThat(moved.changes().desired())
        .singleElement()
        .extracting(DesiredMembership::gatewayPlacement)
        .isEqualTo(infra);
    assertThat(moved.changes().meshRecords()).as("placement is not in the mesh record").isEmpty();
  }

  @Test
  void apiServerTlsServerNameGoesIntoTheDesiredRecordAndAnUpdateStatesItWhole() {
    String url = "https://a-api.default.svc.clusterset.local:6443";
    MeshRegistry r = declared("m");

    Accepted joined =
        accept(
            r,
            new JoinCluster(
                "m", "a", Role.PRIMARY, "n1", null, null, url, null, "kubernetes.default.svc"));
    assertThat(joined.changes().desired())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.apiServerUrl()).isEqualTo(url);
              assertThat(d.apiServerTlsServerName()).isEqualTo("kubernetes.default.svc");
            });
    r = joined.changes().next();
    assertThat(r.member("a").orElseThrow().apiServerTlsServerName())
        .isEqualTo("kubernetes.default.svc");

    Accepted same =
        accept(
            r,
            new UpdateCluster(
                "m", "a", Role.PRIMARY, "n1", null, null, url, null, "kubernetes.default.svc"));
    assertThat(same.changes().desired()).isEmpty();

    Accepted renamed =
        accept(
            r,
            new UpdateCluster("m", "a", Role.PRIMARY, "n1", null, null, url, null, "kubernetes"));
    assertThat(renamed.generation()).as("a new TLS name is a change").isEqualTo(2);
    assertThat(renamed.changes().desired())
        .singleElement()
        .extracting(DesiredMembership::apiServerTlsServerName)
        .isEqualTo("kubernetes");
    assertThat(renamed.changes().meshRecords()).as("the TLS name is not in the plan").isEmpty();

    Accepted cleared =
        accept(
            renamed.changes().next(),
            new UpdateCluster("m", "a", Role.PRIMARY, "n1", null, null, url, null));
    assertThat(cleared.generation()).isEqualTo(3);
    assertThat(cleared.changes().desired())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.apiServerUrl()).isEqualTo(url);
              assertThat(d.apiServerTlsServerName())
                  .as("an update without it removes it, like apiServerUrl")
                  .isNull();
            });

    Accepted alone =
        accept(
            cleared.changes().next(),
            new UpdateCluster(
                "m", "a", Role.PRIMARY, "n1", null, null, null, null, "kubernetes.default.svc"));
    assertThat(alone.changes().desired())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.apiServerUrl()).isNull();
              assertThat(d.apiServerTlsServerName()).isEqualTo("kubernetes.default.svc");
            });
  }

  @Test
  void theDesiredRecordReadsBackAsTheSameMemberWithItsTlsName() {
    MeshRegistry r =
        applyAll(
            declared("m"),
            new JoinCluster(
                "m",
                "a",
                Role.PRIMARY,
                "n1",
                null,
                null,
                "https://a-api.default.svc.clusterset.local:6443",
                null,
                "kubernetes.default.svc"));
    Member member = r.member("a").orElseThrow();
    MeshSettings mesh = r.mesh("m").orElseThrow();

    DesiredMembership desired = DesiredRecords.of(mesh, member, 1);

    assertThat(DesiredRecords.toMember(desired, mesh)).isEqualTo(member);
    assertThat(
            DesiredRecords.sameSpec(
                desired,
                DesiredRecords.of(
                    mesh,
                    new Member(
                        "m",
                        "a",
                        Role.PRIMARY,
                        "n1",
                        null,
                        null,
                        "https://a-api.default.svc.clusterset.local:6443",
                        member.generation(),
                        member.trust()),
                    1)))
        .as("a record without the TLS name asks for something else")
        .isFalse();
  }

  @Test
  void aChangeToOneClusterOfALargeMeshWritesOneDesiredAndOneMeshRecord() {
    MeshRegistry r = declared("big");
    for (int i = 0; i < 20; i++) {
      r = Meshes.apply(r, primary("big", "c" + i, "net" + (i % 3)));
    }

    Accepted a = accept(r, new UpdateCluster("big", "c7", Role.PRIMARY, "net2", null, null, null));

    assertThat(a.changes().desired())
        .as("a new network changes no member's peers")
        .extracting(DesiredMembership::clusterName)
        .containsExactly("c7");
    assertThat(a.changes().meshRecords()).hasSize(1);
    assertThat(a.changes().tombstones()).isEmpty();
    assertThat(a.changes().credentials()).isEmpty();
  }

  @Test
  void changingTheMeshIstioVersionRewritesEveryMember() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "a", "n1"), primary("m", "b", "n1"));

    Accepted a = accept(r, new DeclareMesh("m", "v1.29.0", null, null));

    assertThat(a.changes().desired())
        .extracting(DesiredMembership::clusterName, DesiredMembership::generation)
        .as("each member's next generation; b's join did not touch a's record")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 2L),
            org.assertj.core.groups.Tuple.tuple("b", 2L));
    assertThat(a.changes().desired()).allMatch(d -> d.istioVersion().equals("v1.29.0"));
    assertThat(a.generation()).isEqualTo(a.changes().meshRecords().get(0).revision());
  }

  @Test
  void meshPlacementDefaultAppliesUnlessTheMemberOverridesIt() {
    GatewayPlacement infra = new GatewayPlacement(Map.of("infra", "true"), List.of());
    GatewayPlacement edge = new GatewayPlacement(Map.of("edge", "true"), List.of());
    MeshRegistry r =
        applyAll(
            MeshRegistry.empty(1),
            new DeclareMesh("m", "v1.28.1", null, infra),
            primary("m", "a", "n1"),
            new JoinCluster("m", "b", Role.PRIMARY, "n1", null, edge, null));

    Accepted a = accept(r, new DeclareMesh("m", "v1.28.1", null, GatewayPlacement.none()));

    assertThat(a.changes().desired())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.clusterName()).isEqualTo("a");
              assertThat(d.gatewayPlacement()).isEqualTo(GatewayPlacement.none());
            });
  }

  @Test
  void leaveWritesATombstoneAndDropsTheClusterFromThePlan() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "a", "n1"), primary("m", "b", "n2"));

    Accepted a = accept(r, new LeaveCluster("m", "b"));

    assertThat(a.changes().tombstones()).containsExactly("b");
    assertThat(a.changes().desired())
        .as("a deletes b's remote secret when b's credential record is deleted")
        .isEmpty();
    MeshRecord record = a.changes().meshRecords().get(0);
    assertThat(record.primaries()).containsOnlyKeys("a");
    assertThat(record.meshNetworks()).containsOnlyKeys("n1");
    assertThat(a.changes().events()).hasAtLeastOneElementOfType(ClusterLeft.class);
    assertThat(a.changes().next().member("b")).isEmpty();
  }

  @Test
  void remoteJoinTurnsOnExternalIstiodForItsPrimary() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "p", "n1"));

    Accepted a = accept(r, remote("m", "r", "n2", "p"));

    assertThat(a.changes().desired())
        .extracting(DesiredMembership::clusterName)
        .containsExactly("p", "r");
    DesiredMembership p = a.changes().desired().get(0);
    assertThat(p.externalIstiod()).isTrue();
    assertThat(p.generation()).isEqualTo(2);
    DesiredMembership remote = a.changes().desired().get(1);
    assertThat(remote.externalIstiod()).isFalse();
    assertThat(a.changes().meshRecords())
        .as("p has no address yet: only the new network changes the mesh record")
        .singleElement()
        .satisfies(m -> assertThat(m.primaries().get("p").discoveryAddress()).isNull());
  }
}
