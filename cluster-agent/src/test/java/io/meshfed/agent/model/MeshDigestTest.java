package io.meshfed.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.NetworkSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A member's digest of its mesh record changes exactly when something its reconcile reads of the
 * record changes: a record that leaves the digest as it was renders the same objects.
 */
class MeshDigestTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void whatAPrimaryReadsChangesItsDigest() throws Exception {
    SeedTopologies.Case primary = SeedTopologies.primaryOfRemotes();

    for (UnaryOperator<MeshRecord> change :
        List.<UnaryOperator<MeshRecord>>of(
            m -> withGateway(m, "network2", "10.6.136.30"),
            m -> withPrimary(m, "cluster1", new MeshPrimary("10.64.30.74", null)),
            m -> withPrimary(m, "cluster3", new MeshPrimary(null, "a-key")),
            m -> withNetwork(m, "network3"))) {
      assertThat(concerns(primary, change)).isTrue();
    }
    assertThat(
            rendering(primary)
                .equals(
                    rendering(
                        primary.withMesh(
                            Optional.of(
                                withGateway(
                                    primary.mesh().orElseThrow(), "network2", "10.6.136.30"))))))
        .as("a primary's meshNetworks are its Istio's")
        .isFalse();
  }

  @Test
  void whatAPrimaryDoesNotReadLeavesItsDigestAndItsObjectsAsTheyWere() throws Exception {
    SeedTopologies.Case primary = SeedTopologies.multiPrimaryMultiNetwork();

    for (UnaryOperator<MeshRecord> change :
        List.<UnaryOperator<MeshRecord>>of(
            m -> withPrimary(m, "cluster2", new MeshPrimary("10.6.136.29", null)),
            m -> withPrimary(m, "cluster1", new MeshPrimary(null, "its-own-key")),
            MeshDigestTest::withSettings,
            MeshDigestTest::nextRevision)) {
      assertThat(concerns(primary, change)).isFalse();
      assertThat(
              rendering(primary.withMesh(Optional.of(change.apply(primary.mesh().orElseThrow())))))
          .isEqualTo(rendering(primary));
    }
  }

  @Test
  void whatARemoteReadsChangesItsDigest() {
    SeedTopologies.Case remote = SeedTopologies.remoteMultiNetwork();

    for (UnaryOperator<MeshRecord> change :
        List.<UnaryOperator<MeshRecord>>of(
            m -> withPrimary(m, "cluster1", new MeshPrimary("ew.east.example.net", null)),
            m -> withPrimary(m, "cluster1", new MeshPrimary(SeedTopologies.EAST_ADDRESS, "a-key")),
            m -> withPrimary(m, "cluster3", new MeshPrimary(null, null)),
            m -> onlyNetwork(m, "network1"))) {
      assertThat(concerns(remote, change)).isTrue();
    }
  }

  @Test
  void whatARemoteDoesNotReadLeavesItsDigestAndItsObjectsAsTheyWere() throws Exception {
    SeedTopologies.Case remote = SeedTopologies.remoteMultiNetwork();

    for (UnaryOperator<MeshRecord> change :
        List.<UnaryOperator<MeshRecord>>of(
            m -> withGateway(m, "network1", "10.64.30.99"),
            m -> withGateway(m, "network2", "10.6.136.30"),
            m -> withNetwork(m, "network3"),
            MeshDigestTest::withSettings,
            MeshDigestTest::nextRevision)) {
      assertThat(concerns(remote, change)).isFalse();
      assertThat(rendering(remote.withMesh(Optional.of(change.apply(remote.mesh().orElseThrow())))))
          .isEqualTo(rendering(remote));
    }
  }

  @Test
  void theFirstRecordOfTheMeshAndARecordOfAnotherMeshAreToldApart() {
    SeedTopologies.Case primary = SeedTopologies.primaryOfRemotes();
    MeshRecord mesh = primary.mesh().orElseThrow();
    MeshRecord other =
        new MeshRecord(
            "mesh2",
            mesh.revision(),
            null,
            mesh.meshNetworks(),
            mesh.primaries(),
            null,
            null,
            null);

    assertThat(MeshDigest.of(primary.desired(), Optional.empty()))
        .isNotEqualTo(MeshDigest.of(primary.desired(), Optional.of(mesh)))
        .isEqualTo(MeshDigest.of(primary.desired(), Optional.of(other)));
  }

  private static boolean concerns(SeedTopologies.Case input, UnaryOperator<MeshRecord> change) {
    MeshRecord before = input.mesh().orElseThrow();
    return !MeshDigest.of(input.desired(), Optional.of(before))
        .equals(MeshDigest.of(input.desired(), Optional.of(change.apply(before))));
  }

  /** Every object rendered, as JSON trees by kind and name. */
  private static Map<String, JsonNode> rendering(SeedTopologies.Case input) throws Exception {
    Map<String, JsonNode> objects = new TreeMap<>();
    for (HasMetadata o : RenderingFixture.render(input).all()) {
      objects.put(
          o.getKind() + "/" + o.getMetadata().getName(), JSON.readTree(SERIALIZATION.asJson(o)));
    }
    return objects;
  }

  private static MeshRecord withPrimary(MeshRecord m, String name, MeshPrimary primary) {
    TreeMap<String, MeshPrimary> primaries = new TreeMap<>(m.primaries());
    primaries.put(name, primary);
    return copy(m, m.revision() + 1, m.meshNetworks(), primaries);
  }

  private static MeshRecord withGateway(MeshRecord m, String network, String address) {
    TreeMap<String, NetworkSpec> networks = new TreeMap<>(m.meshNetworks());
    List<String> clusters =
        networks.get(network).endpoints().stream().map(e -> e.fromRegistry()).toList();
    networks.put(network, SeedTopologies.network(clusters, address));
    return copy(m, m.revision() + 1, networks, m.primaries());
  }

  private static MeshRecord withNetwork(MeshRecord m, String network) {
    TreeMap<String, NetworkSpec> networks = new TreeMap<>(m.meshNetworks());
    networks.put(network, SeedTopologies.network(List.of("cluster9"), "10.9.9.9"));
    return copy(m, m.revision() + 1, networks, m.primaries());
  }

  private static MeshRecord onlyNetwork(MeshRecord m, String network) {
    return copy(
        m,
        m.revision() + 1,
        new TreeMap<>(Map.of(network, m.meshNetworks().get(network))),
        m.primaries());
  }

  private static MeshRecord withSettings(MeshRecord m) {
    return new MeshRecord(
        m.meshId(),
        m.revision() + 1,
        "v1.29.0",
        m.meshNetworks(),
        m.primaries(),
        new CniSettings("/elsewhere", List.of()),
        GatewayPlacement.none(),
        true);
  }

  private static MeshRecord nextRevision(MeshRecord m) {
    return copy(m, m.revision() + 1, m.meshNetworks(), m.primaries());
  }

  private static MeshRecord copy(
      MeshRecord m,
      long revision,
      Map<String, NetworkSpec> networks,
      Map<String, MeshPrimary> primaries) {
    return new MeshRecord(
        m.meshId(),
        revision,
        m.istioVersion(),
        new TreeMap<>(networks),
        new TreeMap<>(primaries),
        m.cni(),
        m.gatewayPlacement(),
        m.pinSigningKeysAtFirstContact());
  }
}
