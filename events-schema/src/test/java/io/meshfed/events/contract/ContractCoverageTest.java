package io.meshfed.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.EventType;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.serde.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every event of the contract has its schema and its golden fixtures. */
class ContractCoverageTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void hasASchemaResource(EventType type) {
    assertThat(EventType.class.getResource(type.schemaResource())).isNotNull();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void hasValidAndInvalidFixtures(EventType type) {
    assertThat(ContractFiles.valid()).anySatisfy(f -> assertThat(f.type()).isEqualTo(type));
    assertThat(ContractFiles.invalid())
        .anySatisfy(f -> assertThat(f.fixture().type()).isEqualTo(type));
  }

  @Test
  void schemaFilesAreTheEventsPlusTheCommonTypes() {
    List<String> expected = new ArrayList<>();
    for (EventType type : EventType.values()) {
      expected.add(type.messageName() + ".schema.json");
    }
    expected.add(SchemaFiles.COMMON);

    assertThat(ContractFiles.schemaFiles()).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** The planning form of a hosted mesh across clouds: one network and gateway per cluster. */
  @Test
  void aMeshStateFixtureHoldsTheHostedMeshThreeClusterPlan() {
    Map<String, String> plan =
        Map.of(
            "network-c1", "10.64.30.73:15443",
            "network-c2", "10.6.136.29:15443",
            "network-c3", "10.64.30.77:15443");

    assertThat(ContractFiles.valid())
        .filteredOn(f -> f.type() == EventType.MESH_STATE)
        .anySatisfy(
            f -> {
              MeshState mesh = EventCodec.decode(MeshState.class, f.body());
              assertThat(gateways(mesh.meshNetworks())).isEqualTo(plan);
              assertThat(mesh.multiNetwork()).isTrue();
            });
  }

  @Test
  void statusFixturesCoverAnIpAndAHostnameGateway() throws Exception {
    List<GatewayAddress> addresses = new ArrayList<>();
    for (Fixture f : ContractFiles.valid()) {
      if (f.type() == EventType.CLUSTER_STATUS) {
        addresses.addAll(EventCodec.decode(ClusterStatus.class, f.body()).eastWestAddresses());
      }
    }

    assertThat(addresses).anySatisfy(a -> assertThat(a.ip()).isNotNull());
    assertThat(addresses).anySatisfy(a -> assertThat(a.hostname()).isNotNull());
  }

  /** Network → its gateways as {@code address:port}, comma-separated. */
  private static Map<String, String> gateways(Map<String, NetworkSpec> networks) {
    return networks.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e ->
                    e.getValue().gateways().stream()
                        .map(g -> g.address() + ":" + g.port())
                        .collect(Collectors.joining(","))));
  }
}
