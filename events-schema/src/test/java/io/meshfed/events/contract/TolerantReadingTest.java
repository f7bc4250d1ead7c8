package io.meshfed.events.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshfed.events.EventType;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.events.serde.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward compatibility: a record written by newer code (with a field or a value this code does not
 * know) is read, except a request, which the hub reads strictly so that a typo is an error.
 */
class TolerantReadingTest {

  static List<Fixture> readTolerantly() {
    return ContractFiles.valid().stream()
        .filter(f -> !MembershipRequest.class.isAssignableFrom(f.type().recordClass()))
        .toList();
  }

  static List<Fixture> requests() {
    return ContractFiles.valid().stream()
        .filter(f -> MembershipRequest.class.isAssignableFrom(f.type().recordClass()))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readTolerantly")
  void unknownFieldIsIgnoredBySchemaAndReader(Fixture fixture) throws Exception {
    ObjectNode newer = (ObjectNode) EventJson.mapper().readTree(fixture.body());
    newer.put("addedInAFutureVersion", "some value");
    newer.putObject("anotherAddedObject").put("depth", 2);

    assertThat(SchemaValidator.validate(fixture.type(), newer)).isEmpty();
    assertThat(decode(fixture.type(), newer))
        .isEqualTo(EventCodec.decode(fixture.type().ceType(), fixture.body()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void unknownFieldInARequestIsAnErrorNamingTheField(Fixture fixture) throws Exception {
    ObjectNode typo = (ObjectNode) EventJson.mapper().readTree(fixture.body());
    typo.put("netwrok", "network1");

    assertThat(SchemaValidator.validate(fixture.type(), typo))
        .singleElement()
        .satisfies(e -> assertThat(e.field()).isEqualTo("netwrok"));
    EventDecodeException e =
        catchThrowableOfType(
            EventDecodeException.class,
            () -> EventCodec.decodeStrict(fixture.type().ceType(), bytes(typo)));
    assertThat(e.reason()).isEqualTo("UnknownField");
    assertThat(e.field()).contains("netwrok");
    assertThat(e.getMessage()).contains("netwrok");
  }

  @Test
  void unknownNestedFieldsInDesiredMembershipAreIgnored() throws Exception {
    Fixture fixture = fixture(EventType.DESIRED_MEMBERSHIP, "primary-multi-network");
    ObjectNode newer = (ObjectNode) EventJson.mapper().readTree(fixture.body());
    ((ObjectNode) newer.path("cni")).put("ambient", true);
    ((ObjectNode) newer.path("gatewayPlacement").path("tolerations").get(0))
        .put("tolerationSeconds", 300);

    DesiredMembership read = (DesiredMembership) decode(EventType.DESIRED_MEMBERSHIP, newer);

    assertThat(SchemaValidator.validate(EventType.DESIRED_MEMBERSHIP, newer)).isEmpty();
    assertThat(read).isEqualTo(EventCodec.decode(DesiredMembership.class, fixture.body()));
  }

  /**
   * A desired record of wire v2 as first built, listing a primary's {@code remoteSecretPeers}:
   * still valid, and read as the record without it (the peers come from the credentials topic).
   */
  @Test
  void aDesiredRecordListingRemoteSecretPeersReadsWithoutThem() throws Exception {
    Fixture fixture = fixture(EventType.DESIRED_MEMBERSHIP, "primary-serving-remotes");
    ObjectNode older = (ObjectNode) EventJson.mapper().readTree(fixture.body());
    older.putArray("remoteSecretPeers").add("mdemo-cluster2").add("mdemo-cluster3");

    assertThat(SchemaValidator.validate(EventType.DESIRED_MEMBERSHIP, older)).isEmpty();
    assertThat(decode(EventType.DESIRED_MEMBERSHIP, older))
        .isEqualTo(EventCodec.decode(DesiredMembership.class, fixture.body()));
  }

  /**
   * A status of wire v2 as first built: the map of applied credentials and the envelope, no digest.
   * Still valid and read; the hub of the revision takes nothing from the map.
   */
  @Test
  void aStatusListingAppliedCredentialsStillReads() throws Exception {
    Fixture fixture =
        fixture(EventType.CLUSTER_STATUS, "ready-primary-reporting-digest-sending-envelope");
    ObjectNode older = (ObjectNode) EventJson.mapper().readTree(fixture.body());
    older.remove(
        List.of("sharedCredentialId", "appliedCredentialsDigest", "appliedCredentialsCount"));
    older.putObject("appliedCredentials").put("mdemo-cluster2", "mdemo-cluster2-4");

    ClusterStatus read = (ClusterStatus) decode(EventType.CLUSTER_STATUS, older);

    assertThat(SchemaValidator.validate(EventType.CLUSTER_STATUS, older)).isEmpty();
    assertThat(read.appliedCredentials()).containsEntry("mdemo-cluster2", "mdemo-cluster2-4");
    assertThat(read.appliedCredentialsDigest()).isNull();
    assertThat(read.appliedCredentialsCount()).isNull();
    assertThat(read.sharedCredentialId()).isNull();
    assertThat(read.sharedCredential()).isNotNull();
  }

  /**
   * A status of an agent from before sequences carries none: still valid, read as unsequenced (0),
   * and what Java writes of it leaves the field out again.
   */
  @Test
  void aStatusWithoutASequenceStillReads() throws Exception {
    Fixture fixture = fixture(EventType.CLUSTER_STATUS, "ready-primary-sequenced");
    ObjectNode older = (ObjectNode) EventJson.mapper().readTree(fixture.body());
    older.remove("sequence");

    ClusterStatus read = (ClusterStatus) decode(EventType.CLUSTER_STATUS, older);

    assertThat(SchemaValidator.validate(EventType.CLUSTER_STATUS, older)).isEmpty();
    assertThat(read.sequence()).isZero();
    assertThat(read.sequenced()).isFalse();
    assertThat(new String(EventCodec.encode(read), StandardCharsets.UTF_8))
        .doesNotContain("sequence");
    assertThat(EventCodec.decode(ClusterStatus.class, fixture.body()).sequence())
        .isEqualTo(1_748_779_230_000L);
  }

  @Test
  void unknownRoleReadsAsUnknownWhereTheHubWritesIt() throws Exception {
    ObjectNode desired =
        (ObjectNode)
            EventJson.mapper().readTree(fixture(EventType.DESIRED_MEMBERSHIP, "remote").body());
    desired.put("role", "OBSERVER");
    ObjectNode mesh =
        (ObjectNode)
            EventJson.mapper().readTree(fixture(EventType.MESH_STATE, "three-cluster-plan").body());
    ((ObjectNode) mesh.path("members").path("mdemo-cluster2")).put("role", "OBSERVER");

    assertThat(SchemaValidator.validate(EventType.DESIRED_MEMBERSHIP, desired)).isEmpty();
    assertThat(SchemaValidator.validate(EventType.MESH_STATE, mesh)).isEmpty();
    assertThat(((DesiredMembership) decode(EventType.DESIRED_MEMBERSHIP, desired)).role())
        .isEqualTo(Role.UNKNOWN);
    assertThat(((MeshState) decode(EventType.MESH_STATE, mesh)).member("mdemo-cluster2"))
        .hasValueSatisfying(plan -> assertThat(plan.role()).isEqualTo(Role.UNKNOWN));
  }

  @Test
  void unknownRoleInARequestIsAnErrorNamingTheField() throws Exception {
    ObjectNode join =
        (ObjectNode) EventJson.mapper().readTree(fixture(EventType.JOIN_CLUSTER, "remote").body());
    join.put("role", "OBSERVER");

    EventDecodeException e =
        catchThrowableOfType(
            EventDecodeException.class,
            () -> EventCodec.decodeStrict(EventType.JOIN_CLUSTER.ceType(), bytes(join)));

    assertThat(e.field()).contains("role");
    assertThat(e.getMessage()).contains("role").contains("OBSERVER");
    assertThat(SchemaValidator.validate(EventType.JOIN_CLUSTER, join))
        .anySatisfy(err -> assertThat(err.field()).isEqualTo("role"));
    assertThat(((JoinCluster) decode(EventType.JOIN_CLUSTER, join)).role())
        .as("a tolerant reader would not know what to do with it")
        .isEqualTo(Role.UNKNOWN);
  }

  @Test
  void unknownPhaseReadsAsUnknown() throws Exception {
    ObjectNode status =
        (ObjectNode)
            EventJson.mapper().readTree(fixture(EventType.CLUSTER_STATUS, "ready-primary").body());
    status.put("phase", "Hibernating");

    assertThat(((ClusterStatus) decode(EventType.CLUSTER_STATUS, status)).phase())
        .isEqualTo(Phase.UNKNOWN);
  }

  private static Fixture fixture(EventType type, String name) {
    return ContractFiles.valid().stream()
        .filter(f -> f.type() == type && f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no fixture " + type.messageName() + "/" + name));
  }

  private static MeshEvent decode(EventType type, ObjectNode body) throws Exception {
    return EventCodec.decode(type.ceType(), bytes(body));
  }

  private static byte[] bytes(ObjectNode body) throws Exception {
    return EventJson.mapper().writeValueAsBytes(body);
  }
}
