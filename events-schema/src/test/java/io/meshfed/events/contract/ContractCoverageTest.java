package io.meshfed.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.EventType;
import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /**
   * The same plan on {@code meshfed.meshes.v2}: one primary serving the two remotes, so its
   * discovery address is the first address of its network, and the record names no remote.
   */
  @Test
  void aMeshRecordFixtureHoldsTheHostedMeshThreeClusterPlan() {
    Map<String, String> plan =
        Map.of(
            "network-c1", "10.64.30.73:15443",
            "network-c2", "10.6.136.29:15443",
            "network-c3", "10.64.30.77:15443");

    assertThat(ContractFiles.valid())
        .filteredOn(f -> f.type() == EventType.MESH_RECORD)
        .anySatisfy(
            f -> {
              MeshRecord mesh = EventCodec.decode(MeshRecord.class, f.body());
              assertThat(gateways(mesh.meshNetworks())).isEqualTo(plan);
              assertThat(mesh.multiNetwork()).isTrue();
              assertThat(mesh.primaries()).containsOnlyKeys("mdemo-cluster1");
              assertThat(mesh.primary("mdemo-cluster1"))
                  .map(MeshPrimary::discoveryAddress)
                  .contains("10.64.30.73");
            });
  }

  /** A primary's own plan: whether it serves remotes (its peers are on the credentials topic). */
  @Test
  void desiredFixturesHoldAPrimarysOwnPlanBothWays() throws Exception {
    List<Boolean> externalIstiod = new ArrayList<>();
    for (Fixture f : ContractFiles.valid()) {
      if (f.type() == EventType.DESIRED_MEMBERSHIP) {
        DesiredMembership desired = EventCodec.decode(DesiredMembership.class, f.body());
        if (desired.role() == Role.PRIMARY && desired.externalIstiod() != null) {
          externalIstiod.add(desired.externalIstiod());
        }
      }
    }

    assertThat(externalIstiod).contains(true, false);
  }

  /**
   * A primary's status reports the digest the hub expects of it: over every other member whose
   * credential the hub routes sealed for it (the credential fixtures of its mesh), sender → the
   * envelope's id.
   */
  @Test
  void aPrimarysStatusFixtureReportsTheDigestOfTheCredentialFixturesSealedForIt() throws Exception {
    List<SharedCredential> routed = new ArrayList<>();
    for (Fixture f : ContractFiles.valid()) {
      if (f.type() == EventType.SHARED_CREDENTIAL) {
        routed.add(EventCodec.decode(SharedCredential.class, f.body()));
      }
    }
    List<ClusterStatus> reporting = new ArrayList<>();
    for (Fixture f : ContractFiles.valid()) {
      if (f.type() == EventType.CLUSTER_STATUS) {
        ClusterStatus status = EventCodec.decode(ClusterStatus.class, f.body());
        if (status.appliedCredentialsDigest() != null) {
          reporting.add(status);
        }
      }
    }

    assertThat(reporting).isNotEmpty();
    assertThat(reporting)
        .allSatisfy(
            status -> {
              Map<String, String> expected = new TreeMap<>();
              for (SharedCredential credential : routed) {
                if (credential.meshId().equals(status.meshId())
                    && !credential.sender().equals(status.clusterName())
                    && credential.credential() != null
                    && credential.credential().recipients().containsKey(status.clusterName())) {
                  expected.put(credential.sender(), credential.credential().credentialId());
                }
              }
              assertThat(expected).isNotEmpty();
              assertThat(status.appliedCredentialsDigest())
                  .isEqualTo(AppliedCredentials.digest(expected));
              assertThat(status.appliedCredentialsCount()).isEqualTo(expected.size());
            });
  }

  /**
   * A cluster sends its envelope until its record on {@code meshfed.credentials.v1} carries it,
   * then only its id: a status fixture with the envelope, a credential fixture of that cluster
   * carrying exactly it, and a status fixture of that cluster with its id and no envelope.
   */
  @Test
  void aStatusFixtureLeavesOutTheEnvelopeItsCredentialFixtureCarries() throws Exception {
    List<ClusterStatus> statuses = new ArrayList<>();
    for (Fixture f : ContractFiles.valid()) {
      if (f.type() == EventType.CLUSTER_STATUS) {
        statuses.add(EventCodec.decode(ClusterStatus.class, f.body()));
      }
    }

    assertThat(ContractFiles.valid())
        .filteredOn(f -> f.type() == EventType.SHARED_CREDENTIAL)
        .anySatisfy(
            f -> {
              SharedCredential record = EventCodec.decode(SharedCredential.class, f.body());
              CredentialEnvelope envelope = record.credential();
              assertThat(envelope).isNotNull();
              assertThat(statuses)
                  .anySatisfy(
                      s -> {
                        assertThat(s.clusterName()).isEqualTo(record.sender());
                        assertThat(s.sharedCredential()).isEqualTo(envelope);
                        assertThat(s.sharedCredentialId()).isEqualTo(envelope.credentialId());
                      });
              assertThat(statuses)
                  .anySatisfy(
                      s -> {
                        assertThat(s.clusterName()).isEqualTo(record.sender());
                        assertThat(s.sharedCredential()).isNull();
                        assertThat(s.sharedCredentialId()).isEqualTo(envelope.credentialId());
                      });
            });
  }

  /** Where a status carries both, its credential id is the envelope's. */
  @Test
  void aStatusSendingItsEnvelopeNamesItsId() throws Exception {
    List<ClusterStatus> statuses = new ArrayList<>();
    statuses.add((ClusterStatus) SampleEvents.of(EventType.CLUSTER_STATUS));
    for (Fixture f : ContractFiles.valid()) {
      if (f.type() == EventType.CLUSTER_STATUS) {
        statuses.add(EventCodec.decode(ClusterStatus.class, f.body()));
      }
    }

    assertThat(statuses)
        .filteredOn(s -> s.sharedCredential() != null && s.sharedCredentialId() != null)
        .isNotEmpty()
        .allSatisfy(
            s -> assertThat(s.sharedCredentialId()).isEqualTo(s.sharedCredential().credentialId()));
  }

  /**
   * The hub routes a status's envelope unopened: a credential fixture carries, byte for byte, the
   * envelope of a status fixture, sealed for two recipients, and says which credential each
   * applied.
   */
  @Test
  void aCredentialFixtureRoutesTheEnvelopeOfAStatusFixtureForTwoRecipients() throws Exception {
    List<CredentialEnvelope> shared = new ArrayList<>();
    for (Fixture f : ContractFiles.valid()) {
      if (f.type() == EventType.CLUSTER_STATUS) {
        CredentialEnvelope envelope =
            EventCodec.decode(ClusterStatus.class, f.body()).sharedCredential();
        if (envelope != null) {
          shared.add(envelope);
        }
      }
    }

    assertThat(ContractFiles.valid())
        .filteredOn(f -> f.type() == EventType.SHARED_CREDENTIAL)
        .anySatisfy(
            f -> {
              SharedCredential credential = EventCodec.decode(SharedCredential.class, f.body());
              assertThat(credential.credential()).isIn(shared);
              assertThat(credential.credential().recipients()).hasSize(2);
              assertThat(credential.appliedBy().keySet())
                  .isEqualTo(credential.credential().recipients().keySet());
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
