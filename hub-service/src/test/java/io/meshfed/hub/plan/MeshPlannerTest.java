package io.meshfed.hub.plan;

import static io.meshfed.hub.support.Meshes.applyAll;
import static io.meshfed.hub.support.Meshes.declared;
import static io.meshfed.hub.support.Meshes.primary;
import static io.meshfed.hub.support.Meshes.remote;
import static io.meshfed.hub.support.Meshes.report;
import static io.meshfed.hub.support.Meshes.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.NetworkEndpoint;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.OwnPlan;
import io.meshfed.hub.support.Meshes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeshPlannerTest {

  private static MeshPlan plan(MeshRegistry r, String mesh) {
    return MeshPlanner.plan(
        r.mesh(mesh).orElseThrow(), r.membersOf(mesh), r.observed(), r.appliedBy());
  }

  @Test
  void seedsThreeClusterPlanAssemblesOneGatewayPerNetwork() {
    MeshRegistry r =
        applyAll(
            declared("mdemo-mesh"),
            primary("mdemo-mesh", "mdemo-cluster1", "network-c1"),
            primary("mdemo-mesh", "mdemo-cluster2", "network-c2"),
            primary("mdemo-mesh", "mdemo-cluster3", "network-c3"));
    r = report(r, status("mdemo-mesh", "mdemo-cluster1", Phase.READY, ip("10.64.30.73")));
    r = report(r, status("mdemo-mesh", "mdemo-cluster2", Phase.READY, ip("10.6.136.29")));
    r = report(r, status("mdemo-mesh", "mdemo-cluster3", Phase.READY, ip("10.64.30.77")));

    MeshPlan plan = plan(r, "mdemo-mesh");

    assertThat(plan.record().multiNetwork()).isTrue();
    assertThat(plan.record().meshNetworks())
        .containsExactly(
            Map.entry("network-c1", network("mdemo-cluster1", "10.64.30.73")),
            Map.entry("network-c2", network("mdemo-cluster2", "10.6.136.29")),
            Map.entry("network-c3", network("mdemo-cluster3", "10.64.30.77")));
    assertThat(plan.members().values())
        .as("no primary serves a remote")
        .containsOnly(new OwnPlan(false));
    assertThat(plan.record().primaries())
        .as("no primary serves a remote: none has a discovery address")
        .containsOnlyKeys("mdemo-cluster1", "mdemo-cluster2", "mdemo-cluster3")
        .allSatisfy((name, p) -> assertThat(p.discoveryAddress()).isNull());
  }

  @Test
  void multiPrimaryOnOneNetworkHasNoGateways() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "a", "net1"), primary("m", "b", "net1"));
    r = report(r, status("m", "a", Phase.READY, ip("10.0.0.1")));

    MeshPlan plan = plan(r, "m");

    assertThat(plan.record().multiNetwork()).isFalse();
    assertThat(plan.record().meshNetworks())
        .containsExactly(
            Map.entry(
                "net1",
                new NetworkSpec(
                    List.of(new NetworkEndpoint("a"), new NetworkEndpoint("b")), List.of())));
    assertThat(plan.member("a")).isEqualTo(new OwnPlan(false));
    assertThat(plan.member("b")).isEqualTo(new OwnPlan(false));
    assertThat(plan.record().primaries())
        .containsExactly(
            Map.entry("a", new MeshPrimary(null, null)),
            Map.entry("b", new MeshPrimary(null, null)));
  }

  @Test
  void flatNetworkWithoutNamesHasNoMeshNetworksAtAll() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "a", null), primary("m", "b", null));
    r = report(r, status("m", "a", Phase.READY, ip("10.0.0.1")));

    MeshPlan plan = plan(r, "m");

    assertThat(plan.record().meshNetworks()).isEmpty();
  }

  @Test
  void primaryRemoteOnOneNetworkExposesIstiodAndGivesTheRemoteItsDiscoveryAddress() {
    MeshRegistry r =
        applyAll(declared("m"), primary("m", "east", "n1"), remote("m", "west", "n1", "east"));
    r = report(r, status("m", "east", Phase.READY, ip("192.168.10.5")));

    MeshPlan plan = plan(r, "m");

    assertThat(plan.member("east")).isEqualTo(new OwnPlan(true));
    assertThat(plan.member("west")).isEqualTo(new OwnPlan(false));
    assertThat(plan.record().primaries())
        .as("the remote reads its discovery address from its primary's entry")
        .containsExactly(Map.entry("east", new MeshPrimary("192.168.10.5", null)));
    assertThat(plan.record().meshNetworks().get("n1").gateways()).isEmpty();
  }

  @Test
  void primaryRemoteOnTwoNetworksListsBothGateways() {
    MeshRegistry r =
        applyAll(
            declared("m"),
            primary("m", "cluster1", "network1"),
            remote("m", "cluster2", "network2", "cluster1"));
    r = report(r, status("m", "cluster1", Phase.READY, ip("172.18.0.10")));
    r = report(r, status("m", "cluster2", Phase.INSTALLING, ip("172.19.0.10")));

    MeshPlan plan = plan(r, "m");

    assertThat(plan.record().multiNetwork()).isTrue();
    assertThat(plan.record().meshNetworks().get("network1").gateways())
        .containsExactly(new NetworkGateway("172.18.0.10", 15443));
    assertThat(plan.record().meshNetworks().get("network2").gateways())
        .containsExactly(new NetworkGateway("172.19.0.10", 15443));
    assertThat(plan.record().primaries().get("cluster1").discoveryAddress())
        .isEqualTo("172.18.0.10");
  }

  @Test
  void remoteHasNoDiscoveryAddressUntilItsPrimaryReportsOne() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "p", "n1"), remote("m", "r", "n2", "p"));

    assertThat(plan(r, "m").record().primaries().get("p").discoveryAddress()).isNull();
    assertThat(plan(r, "m").member("p").externalIstiod()).isTrue();
  }

  @Test
  void hostnameIsUsedWhereTheCloudGivesOne() {
    MeshRegistry r =
        applyAll(declared("m"), primary("m", "aws", "n-aws"), primary("m", "gcp", "n-gcp"));
    r = report(r, status("m", "aws", Phase.READY, GatewayAddress.hostname("abc.elb.example")));
    r = report(r, status("m", "gcp", Phase.READY, ip("34.1.2.3")));

    assertThat(plan(r, "m").record().meshNetworks().get("n-aws").gateways())
        .containsExactly(new NetworkGateway("abc.elb.example", 15443));
  }

  @Test
  void leavingClusterGatewayIsDropped() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "a", "n1"), primary("m", "b", "n2"));
    r = report(r, status("m", "a", Phase.READY, ip("10.0.0.1")));
    r = report(r, status("m", "b", Phase.LEAVING, ip("10.0.0.2")));

    assertThat(plan(r, "m").record().meshNetworks().get("n2").gateways()).isEmpty();
    assertThat(plan(r, "m").record().meshNetworks().get("n1").gateways()).hasSize(1);
  }

  @Test
  void apiServerUrlIsTheOverrideElseWhatTheAgentReported() {
    MeshRegistry r =
        applyAll(
            declared("m"),
            primary("m", "a", null),
            new JoinCluster(
                "m", "b", ROLE_PRIMARY, null, null, null, "https://b.submariner.local:6443"));
    ClusterStatus withUrl =
        new ClusterStatus(
            "m",
            "a",
            Phase.READY,
            List.of(),
            1,
            1,
            List.of(),
            "t",
            List.of(),
            "https://10.0.0.1:6443",
            Meshes.T0);
    r = report(r, withUrl);

    MeshPlan plan = plan(r, "m");

    assertThat(plan.credential("a").map(SharedCredential::apiServerUrl))
        .contains("https://10.0.0.1:6443");
    assertThat(plan.credential("b").map(SharedCredential::apiServerUrl))
        .contains("https://b.submariner.local:6443");
  }

  private static final Role ROLE_PRIMARY = Role.PRIMARY;

  private static GatewayAddress ip(String ip) {
    return GatewayAddress.ip(ip);
  }

  private static NetworkSpec network(String cluster, String gateway) {
    return new NetworkSpec(
        List.of(new NetworkEndpoint(cluster)), List.of(new NetworkGateway(gateway, 15443)));
  }
}
