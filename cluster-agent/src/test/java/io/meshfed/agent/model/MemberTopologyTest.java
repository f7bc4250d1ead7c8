package io.meshfed.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
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
    DesiredMembership desired =
        SeedTopologies.primary("cluster1", null, "v1.28.1", null, null, false);
    assertThatThrownBy(() -> MemberTopology.of(desired, multi.mesh()))
        .isInstanceOfSatisfying(
            UnactionableDesiredException.class,
            e -> assertThat(e.reason()).isEqualTo("MissingNetwork"));
  }

  @Test
  void aPrimaryTakesItsPlanFromItsDesiredRecordAndTheMeshsFromTheMeshRecord() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.primaryOfRemotes();
    MemberTopology topology = MemberTopology.of(seed.desired(), seed.mesh());

    assertThat(topology.remoteSecretPeers(seed.credentials())).containsExactly("cluster2");
    assertThat(topology.externalIstiod()).isTrue();
    assertThat(topology.multiNetwork()).isTrue();
    assertThat(topology.discoveryAddress())
        .as("its own, from primaries[cluster1]")
        .contains(SeedTopologies.EAST_ADDRESS);
    assertThat(topology.planReceived()).isTrue();
    assertThat(topology.complete()).isTrue();
  }

  @Test
  void aPrimarysPeersAreTheSendersOfTheCredentialRecordsOfItsMeshButItself() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.multiPrimaryOneNetwork();
    MemberTopology topology = MemberTopology.of(seed.desired(), seed.mesh());
    Map<String, SharedCredential> records = new TreeMap<>(seed.credentials());
    records.put("cluster9", SeedTopologies.apiServer("cluster9", null));
    records.put(
        "stranger", new SharedCredential("mesh2", "stranger", 1, "https://s:6443", null, null));

    assertThat(topology.remoteSecretPeers(records))
        .as("every sender of mesh1 but cluster1, whatever its record holds yet")
        .containsExactly("cluster2", "cluster9");
    assertThat(topology.remoteSecretPeers(Map.of()))
        .as("no record, no peer: a member is known once its record arrived")
        .isEmpty();
  }

  @Test
  void aRemoteTakesItsPrimarysDiscoveryAddressAndHoldsNoRemoteSecret() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.remoteMultiNetwork();
    DesiredMembership withPlan = SeedTopologies.withPlan(seed.desired(), true);
    MemberTopology topology = MemberTopology.of(withPlan, seed.mesh());

    assertThat(topology.discoveryAddress()).contains(SeedTopologies.EAST_ADDRESS);
    assertThat(topology.remoteSecretPeers(seed.credentials())).as("a remote holds none").isEmpty();
    assertThat(topology.externalIstiod()).isFalse();
    assertThat(MemberTopology.of(seed.desired(), seed.mesh()).complete())
        .as("a remote's desired record needs no plan fields")
        .isTrue();
  }

  @Test
  void aPrimarysDesiredRecordWithoutItsPlanIsNotWholeAndSaysSo() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.multiPrimaryOneNetwork();
    DesiredMembership before =
        SeedTopologies.desired("cluster1", Role.PRIMARY, "network1", null, "v1.28.1", null, null);

    MemberTopology topology = MemberTopology.of(before, seed.mesh());
    DesiredObjects objects = RenderingFixture.render(seed.withDesired(before));

    assertThat(topology.planReceived()).isFalse();
    assertThat(topology.complete()).isFalse();
    assertThat(objects.complete()).isFalse();
    assertThat(objects.waiting()).extracting(Waiting::reason).containsExactly(Waiting.MEMBER_PLAN);
    assertThat(kinds(objects.all()))
        .as("its peers come from the credential records, not from its plan")
        .contains("Secret");
    assertThat(objects.gateways()).as("whether it serves remotes is its plan").isEmpty();
  }

  @Test
  void aMeshRecordOfAnotherMeshIsNotThisMembers() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.primaryOfRemotes();
    MeshRecord other = seed.mesh().orElseThrow();
    other =
        new MeshRecord("mesh2", 1, null, other.meshNetworks(), other.primaries(), null, null, null);

    MemberTopology topology = MemberTopology.of(seed.desired(), Optional.of(other));

    assertThat(topology.mesh()).isEmpty();
    assertThat(topology.complete()).isFalse();
  }

  @Test
  void theCredentialIsSharedWithEveryOtherPrimaryWithItsKey() throws Exception {
    Map<String, MeshPrimary> primaries = new TreeMap<>();
    primaries.put("cluster1", new MeshPrimary(null, "key-1"));
    primaries.put("cluster3", new MeshPrimary("10.0.0.3", "key-3"));
    primaries.put("cluster4", new MeshPrimary(null, null));
    MeshRecord mesh =
        SeedTopologies.mesh(
            Map.of("network1", SeedTopologies.network(List.of("cluster1", "cluster2"), null)),
            primaries);
    DesiredMembership remote =
        SeedTopologies.desired("cluster2", Role.REMOTE, "network1", "cluster3", "v1", null, null);
    DesiredMembership primary =
        SeedTopologies.primary("cluster1", "network1", "v1", null, null, false);

    assertThat(MemberTopology.of(remote, Optional.of(mesh)).credentialRecipients())
        .containsExactly(
            Map.entry("cluster1", "key-1"),
            Map.entry("cluster3", "key-3"),
            new java.util.AbstractMap.SimpleEntry<>("cluster4", null));
    assertThat(MemberTopology.of(primary, Optional.of(mesh)).credentialRecipients())
        .containsOnlyKeys("cluster3", "cluster4");
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
  void beforeTheMeshRecordAPrimaryGetsWhatItsDesiredRecordSaysAndWaits() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.primaryOfRemotes();
    DesiredObjects objects = RenderingFixture.render(seed.withMesh(Optional.empty()));

    assertThat(kinds(objects.controlPlane()))
        .as("its plan (externalIstiod) comes with its desired record, its peers with theirs")
        .containsExactly("Namespace", "Namespace", "IstioCNI", "Istio", "Secret");
    assertThat(objects.complete()).isFalse();
    assertThat(objects.waiting()).extracting(Waiting::reason).containsExactly(Waiting.MESH_RECORD);
    assertThat(global(objects))
        .containsEntry("externalIstiod", true)
        .doesNotContainKey("meshNetworks");
    assertThat(names(objects.gateways()))
        .as("one network known: no cross-network gateway yet")
        .contains("istiod-gateway")
        .doesNotContain("cross-network-gateway");

    DesiredObjects withoutPlan =
        RenderingFixture.render(
            seed.withMesh(Optional.empty())
                .withDesired(
                    SeedTopologies.desired(
                        "cluster1", Role.PRIMARY, "network1", null, "v1.28.6", null, null)));
    assertThat(kinds(withoutPlan.controlPlane()))
        .containsExactly("Namespace", "Namespace", "IstioCNI", "Istio", "Secret");
    assertThat(withoutPlan.gateways()).isEmpty();
  }

  @Test
  void aRemoteWaitsForItsDiscoveryAddressButGetsEverythingElse() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.remoteMultiNetwork();
    MeshRecord noAddress = withDiscoveryAddress(seed.mesh().orElseThrow(), "cluster1", null);

    DesiredObjects objects = RenderingFixture.render(seed.withMesh(Optional.of(noAddress)));

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
    MeshRecord hostname =
        withDiscoveryAddress(seed.mesh().orElseThrow(), "cluster1", "ew.east.example.net");

    DesiredObjects objects = RenderingFixture.render(seed.withMesh(Optional.of(hostname)));

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
    MeshRecord hostname =
        withDiscoveryAddress(seed.mesh().orElseThrow(), "cluster1", "ew.east.example.net");

    DesiredObjects objects = RenderingFixture.render(seed.withMesh(Optional.of(hostname)));

    assertThat(values(objects).get("pilot"))
        .isEqualTo(
            Map.of(
                "cni", Map.of("enabled", true),
                "env", Map.of("ISTIOD_CUSTOM_HOST", "ew.east.example.net")));
  }

  @Test
  void aPrimaryServingRemotesBehindAnIpNeedsNoExtraName() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.primaryOfRemotes();
    MeshRecord ip = withDiscoveryAddress(seed.mesh().orElseThrow(), "cluster1", "10.64.30.73");

    DesiredObjects objects = RenderingFixture.render(seed.withMesh(Optional.of(ip)));

    assertThat(values(objects).get("pilot")).isEqualTo(Map.of("cni", Map.of("enabled", true)));
  }

  @Test
  void aPeerWhoseRecordNamesNoApiServerGetsNoSecretAndIsReported() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.multiPrimaryOneNetwork();
    SeedTopologies.Case noUrl =
        new SeedTopologies.Case(
            seed.desired(),
            seed.mesh(),
            Map.of("cluster2", SeedTopologies.apiServer("cluster2", null)));

    DesiredObjects objects = RenderingFixture.render(noUrl);

    assertThat(kinds(objects.all())).doesNotContain("Secret");
    assertThat(objects.waiting())
        .extracting(Waiting::reason)
        .containsExactly(Waiting.PEER_API_SERVER);
  }

  @Test
  void aMemberWithoutACredentialRecordIsNoPeerYet() throws Exception {
    SeedTopologies.Case seed = SeedTopologies.multiPrimaryOneNetwork();
    SeedTopologies.Case noRecord = new SeedTopologies.Case(seed.desired(), seed.mesh(), Map.of());

    DesiredObjects objects = RenderingFixture.render(noRecord);

    assertThat(kinds(objects.all())).doesNotContain("Secret");
    assertThat(objects.waiting()).as("a member it does not know is not waited for").isEmpty();
    assertThat(objects.complete()).isTrue();
  }

  @Test
  void aPrimaryServingRemotesOnOneNetworkExposesIstiodButNotItsServices() throws Exception {
    DesiredMembership desired =
        SeedTopologies.primary("cluster1", "network1", "v1.28.6", null, null, true);
    MeshRecord mesh =
        SeedTopologies.mesh(
            Map.of("network1", SeedTopologies.network(List.of("cluster1", "cluster2"), null)),
            Map.of("cluster1", new MeshPrimary("10.0.0.1", null)));
    SeedTopologies.Case input =
        new SeedTopologies.Case(
            desired,
            Optional.of(mesh),
            SeedTopologies.apiServers("cluster1", "https://c1", "cluster2", "https://c2"));

    MemberTopology topology = MemberTopology.of(desired, Optional.of(mesh));
    DesiredObjects objects = RenderingFixture.render(input);

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

  private static MeshRecord withDiscoveryAddress(MeshRecord mesh, String primary, String address) {
    TreeMap<String, MeshPrimary> primaries = new TreeMap<>(mesh.primaries());
    primaries.put(primary, new MeshPrimary(address, primaries.get(primary).recipientPublicKey()));
    return new MeshRecord(
        mesh.meshId(),
        mesh.revision(),
        mesh.istioVersion(),
        mesh.meshNetworks(),
        primaries,
        null,
        null,
        null);
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
