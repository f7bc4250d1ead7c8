package io.meshfed.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The planning rules and what is rendered before every input has arrived. */
class MemberTopologyTest {

  @Test
  void anUnknownRoleCannotBeActedOn() {
    DesiredMembership desired =
        SeedTopologies.desired("cluster1", Role.UNKNOWN, "network1", null, "v1.28.1", null, null);
    assertThatThrownBy(() -> MemberTopology.of(desired, Optional.empty()))
        .isInstanceOfSatisfying(
            UnactionableDesiredException.class,
            e -> assertThat(e.reason()).isEqualTo("UnknownRole"))
        .hasMessageContaining("cluster1");
  }

  @Test
  void aMultiNetworkMeshNeedsTheMembersNetwork() {
    SeedTopologies.Case multi = SeedTopologies.multiPrimaryMultiNetwork();
    MeshState withoutPlanNetwork = withMember(multi.mesh().orElseThrow(), "cluster1", null);
    DesiredMembership desired =
        SeedTopologies.desired("cluster1", Role.PRIMARY, null, null, "v1.28.1", null, null);
    assertThatThrownBy(() -> MemberTopology.of(desired, Optional.of(withoutPlanNetwork)))
        .isInstanceOfSatisfying(
            UnactionableDesiredException.class,
            e -> assertThat(e.reason()).isEqualTo("MissingNetwork"));
  }

  @Test
  void theNetworkMayComeFromTheHubsPlan() throws Exception {
    SeedTopologies.Case multi = SeedTopologies.multiPrimaryMultiNetwork();
    DesiredMembership desired =
        SeedTopologies.desired("cluster1", Role.PRIMARY, null, null, "v1.28.1", null, null);
    assertThat(MemberTopology.of(desired, multi.mesh()).network()).contains("network1");
  }

  @Test
  void theApiServerTlsNameComesFromTheDesiredMembership() throws Exception {
    DesiredMembership without =
        SeedTopologies.desired("cluster1", Role.PRIMARY, "network1", null, "v1.28.1", null, null);
    assertThat(MemberTopology.of(without, Optional.empty()).apiServerTlsServerName()).isEmpty();

    for (String name : new String[] {"kubernetes.default.svc", " "}) {
      DesiredMembership with =
          new DesiredMembership(
              "mesh1",
              "cluster1",
              Role.PRIMARY,
              "network1",
              null,
              "v1.28.1",
              null,
              null,
              "https://cluster1-api.default.svc.clusterset.local:6443",
              1,
              1,
              null,
              null,
              null,
              name);
      assertThat(MemberTopology.of(with, Optional.empty()).apiServerTlsServerName())
          .isEqualTo(name.isBlank() ? Optional.empty() : Optional.of(name));
    }
  }

  @Test
  void aRemoteNeedsItsControlPlaneCluster() {
    DesiredMembership desired =
        SeedTopologies.desired("cluster2", Role.REMOTE, "network2", null, "v1.28.6", null, null);
    assertThatThrownBy(() -> MemberTopology.of(desired, Optional.empty()))
        .isInstanceOfSatisfying(
            UnactionableDesiredException.class,
            e -> assertThat(e.reason()).isEqualTo("MissingControlPlaneCluster"));
  }

  @Test
  void beforeTheMeshRecordAPrimaryGetsItsControlPlaneAndWaits() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.primaryOfRemotes();
    DesiredObjects objects =
        RenderingFixture.render(new SeedTopologies.Case(seed.desired(), Optional.empty()));

    assertThat(kinds(objects.controlPlane()))
        .containsExactly("Namespace", "Namespace", "IstioCNI", "Istio");
    assertThat(objects.gateways()).isEmpty();
    assertThat(objects.complete()).isFalse();
    assertThat(objects.waiting()).extracting(Waiting::reason).containsExactly(Waiting.MESH_RECORD);
    assertThat(global(objects)).doesNotContainKeys("meshNetworks", "externalIstiod");
  }

  @Test
  void aRemoteWaitsForItsDiscoveryAddressButGetsEverythingElse() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.remoteMultiNetwork();
    MeshState mesh = seed.mesh().orElseThrow();
    TreeMap<String, MemberPlan> members = new TreeMap<>(mesh.members());
    MemberPlan remote = members.get("cluster2");
    members.put(
        "cluster2",
        new MemberPlan(
            Role.REMOTE, "network2", "cluster1", null, false, remote.apiServerUrl(), List.of()));
    MeshState noAddress =
        new MeshState(
            mesh.meshId(), mesh.revision(), mesh.istioVersion(), mesh.meshNetworks(), members);

    DesiredObjects objects =
        RenderingFixture.render(new SeedTopologies.Case(seed.desired(), Optional.of(noAddress)));

    assertThat(kinds(objects.controlPlane())).containsExactly("Namespace", "Namespace", "IstioCNI");
    assertThat(objects.waiting())
        .extracting(Waiting::reason)
        .containsExactly(Waiting.DISCOVERY_ADDRESS);
    assertThat(objects.controlPlane().get(1).getMetadata().getAnnotations())
        .containsEntry(MeshfedLabels.CONTROL_PLANE_CLUSTERS, "cluster1");
    assertThat(objects.retained())
        .as("an Istio installed with an address the hub no longer knows is kept, not deleted")
        .extracting(HasMetadata::getKind, o -> o.getMetadata().getName())
        .contains(Tuple.tuple("Istio", "default"));
  }

  @Test
  void aRemoteWhosePrimaryIsBehindAHostnameIsInjectedByUrlOnTheWebhookPort() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.remoteMultiNetwork();
    MeshState hostname =
        withDiscoveryAddress(seed.mesh().orElseThrow(), "cluster2", "ew.east.example.net");

    DesiredObjects objects =
        RenderingFixture.render(new SeedTopologies.Case(seed.desired(), Optional.of(hostname)));

    Map<String, Object> values = values(objects);
    assertThat(values.get("istiodRemote"))
        .isEqualTo(
            Map.of(
                "injectionURL",
                "https://ew.east.example.net:15017/inject/cluster/cluster2/net/network2"));
    assertThat(values.get("base"))
        .isEqualTo(Map.of("validationURL", "https://ew.east.example.net:15017/validate"));
    assertThat(values.get("global")).isEqualTo(Map.of("remotePilotAddress", "ew.east.example.net"));
  }

  @Test
  void aPrimaryServingRemotesBehindAHostnamePutsItOnIstiodsCertificate() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.primaryOfRemotes();
    MeshState hostname =
        withDiscoveryAddress(seed.mesh().orElseThrow(), "cluster1", "ew.east.example.net");

    DesiredObjects objects =
        RenderingFixture.render(new SeedTopologies.Case(seed.desired(), Optional.of(hostname)));

    assertThat(values(objects).get("pilot"))
        .isEqualTo(
            Map.of(
                "cni", Map.of("enabled", true),
                "env", Map.of("ISTIOD_CUSTOM_HOST", "ew.east.example.net")));
  }

  @Test
  void aPrimaryServingRemotesBehindAnIpNeedsNoExtraName() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.primaryOfRemotes();
    MeshState ip = withDiscoveryAddress(seed.mesh().orElseThrow(), "cluster1", "10.64.30.73");

    DesiredObjects objects =
        RenderingFixture.render(new SeedTopologies.Case(seed.desired(), Optional.of(ip)));

    assertThat(values(objects).get("pilot")).isEqualTo(Map.of("cni", Map.of("enabled", true)));
  }

  @Test
  void aPeerWhoseApiServerIsUnknownGetsNoSecretAndIsWaitedFor() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.multiPrimaryOneNetwork();
    MeshState mesh = seed.mesh().orElseThrow();
    TreeMap<String, MemberPlan> members = new TreeMap<>(mesh.members());
    members.put(
        "cluster2",
        new MemberPlan(Role.PRIMARY, "network1", null, null, false, null, List.of("cluster1")));
    MeshState unknownApi =
        new MeshState(
            mesh.meshId(), mesh.revision(), mesh.istioVersion(), mesh.meshNetworks(), members);

    DesiredObjects objects =
        RenderingFixture.render(new SeedTopologies.Case(seed.desired(), Optional.of(unknownApi)));

    assertThat(kinds(objects.all())).doesNotContain("Secret");
    assertThat(objects.waiting())
        .extracting(Waiting::reason)
        .containsExactly(Waiting.PEER_API_SERVER);
  }

  @Test
  void aPrimaryServingRemotesOnOneNetworkExposesIstiodButNotItsServices() throws Exception {
    DesiredMembership desired =
        SeedTopologies.desired("cluster1", Role.PRIMARY, "network1", null, "v1.28.6", null, null);
    TreeMap<String, MemberPlan> members = new TreeMap<>();
    members.put(
        "cluster1",
        new MemberPlan(
            Role.PRIMARY, "network1", null, null, true, "https://c1", List.of("cluster2")));
    members.put(
        "cluster2",
        new MemberPlan(
            Role.REMOTE, "network1", "cluster1", "10.0.0.1", false, "https://c2", List.of()));
    MeshState mesh =
        SeedTopologies.mesh(
            Map.of("network1", SeedTopologies.network(List.of("cluster1", "cluster2"), null)),
            members);

    MemberTopology topology = MemberTopology.of(desired, Optional.of(mesh));
    DesiredObjects objects =
        RenderingFixture.render(new SeedTopologies.Case(desired, Optional.of(mesh)));

    assertThat(topology.multiNetwork()).isFalse();
    assertThat(topology.eastWestGateway()).isTrue();
    assertThat(names(objects.gateways()))
        .contains("istiod-gateway", "istiod-vs")
        .doesNotContain("cross-network-gateway");
    assertThat(global(objects))
        .containsEntry("externalIstiod", true)
        .doesNotContainKey("meshNetworks");
  }

  @Test
  void objectsComeInInstallOrder() throws Exception {
    DesiredObjects objects = RenderingFixture.render(SeedTopologies.primaryOfRemotes());
    assertThat(kinds(objects.controlPlane()))
        .containsExactly("Namespace", "Namespace", "IstioCNI", "Istio", "Secret");
    assertThat(kinds(objects.injected())).containsExactly("Deployment");
    assertThat(kinds(objects.gateways()))
        .containsExactly(
            "ServiceAccount",
            "PodDisruptionBudget",
            "Role",
            "RoleBinding",
            "HorizontalPodAutoscaler",
            "Service",
            "Gateway",
            "Gateway",
            "VirtualService");
  }

  private static MeshState withDiscoveryAddress(MeshState mesh, String cluster, String address) {
    TreeMap<String, MemberPlan> members = new TreeMap<>(mesh.members());
    MemberPlan plan = members.get(cluster);
    members.put(
        cluster,
        new MemberPlan(
            plan.role(),
            plan.network(),
            plan.controlPlaneCluster(),
            address,
            plan.externalIstiod(),
            plan.apiServerUrl(),
            plan.remoteSecretPeers()));
    return new MeshState(
        mesh.meshId(), mesh.revision(), mesh.istioVersion(), mesh.meshNetworks(), members);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> values(DesiredObjects objects) {
    GenericKubernetesResource istio =
        (GenericKubernetesResource)
            objects.controlPlane().stream()
                .filter(o -> o.getKind().equals("Istio"))
                .findFirst()
                .orElseThrow();
    return (Map<String, Object>)
        ((Map<String, Object>) istio.getAdditionalProperties().get("spec")).get("values");
  }

  private static MeshState withMember(MeshState mesh, String cluster, String network) {
    TreeMap<String, MemberPlan> members = new TreeMap<>(mesh.members());
    MemberPlan plan = members.get(cluster);
    members.put(
        cluster,
        new MemberPlan(
            plan.role(),
            network,
            plan.controlPlaneCluster(),
            plan.discoveryAddress(),
            plan.externalIstiod(),
            plan.apiServerUrl(),
            plan.remoteSecretPeers()));
    return new MeshState(
        mesh.meshId(), mesh.revision(), mesh.istioVersion(), mesh.meshNetworks(), members);
  }

  private static List<String> kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).toList();
  }

  private static List<String> names(List<HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> global(DesiredObjects objects) {
    GenericKubernetesResource istio =
        (GenericKubernetesResource)
            objects.controlPlane().stream()
                .filter(o -> o.getKind().equals("Istio"))
                .findFirst()
                .orElseThrow();
    Map<String, Object> spec = (Map<String, Object>) istio.getAdditionalProperties().get("spec");
    return (Map<String, Object>) ((Map<String, Object>) spec.get("values")).get("global");
  }
}
