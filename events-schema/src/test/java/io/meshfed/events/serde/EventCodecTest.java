package io.meshfed.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshfed.events.EventType;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.Toleration;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@link EventCodec} reads what the schemas allow, and what it rejects, naming the field. */
class EventCodecTest {

  private static final String STATUS =
      """
      {"meshId": "mesh1", "clusterName": "cluster1", "phase": "Ready",
       "reportedAt": "2025-06-01T12:00:00Z"%s}
      """;

  @Test
  void absentOptionalNumbersAndFlagsReadAsZeroAndFalse() throws Exception {
    ClusterStatus status = decode(ClusterStatus.class, STATUS.formatted(""));
    MeshState mesh =
        decode(
            MeshState.class,
            """
            {"meshId": "mesh1", "revision": 3, "members": {"cluster1": {"role": "PRIMARY"}}}
            """);

    assertThat(status.observedGeneration()).isZero();
    assertThat(status.observedMeshRevision()).isZero();
    assertThat(mesh.member("cluster1")).map(MemberPlan::externalIstiod).contains(false);
  }

  @Test
  void explicitNullNumberIsAnErrorNamingTheField() {
    EventDecodeException e =
        rejected(ClusterStatus.class, STATUS.formatted(", \"observedGeneration\": null"));

    assertThat(e.field()).contains("observedGeneration");
    assertThat(e.getMessage()).contains("observedGeneration");
  }

  @Test
  void absentRequiredNumberIsAMissingField() {
    EventDecodeException e = rejected(MeshState.class, "{\"meshId\": \"mesh1\"}");

    assertThat(e.reason()).isEqualTo("MissingField");
    assertThat(e.field()).contains("revision");
  }

  @Test
  void requiredFieldSentAsNullIsAMissingFieldWithItsPath() {
    EventDecodeException top = rejected(MeshState.class, "{\"meshId\": null, \"revision\": 1}");
    EventDecodeException nested =
        rejected(
            MeshState.class,
            """
            {"meshId": "mesh1", "revision": 1, "members": {"cluster1": {"role": null}}}
            """);

    assertThat(top.reason()).isEqualTo("MissingField");
    assertThat(top.field()).contains("meshId");
    assertThat(nested.reason()).isEqualTo("MissingField");
    assertThat(nested.field()).contains("members.cluster1.role");
    assertThat(nested.getMessage()).contains("members.cluster1.role");
  }

  @Test
  void fractionalCounterIsAnErrorNotATruncation() {
    EventDecodeException e =
        rejected(MeshState.class, "{\"meshId\": \"mesh1\", \"revision\": 2.5}");

    assertThat(e.field()).contains("revision");
  }

  @Test
  void numberForAnEnumIsAnErrorNotAnOrdinal() {
    EventDecodeException e =
        rejected(
            DesiredMembership.class,
            """
            {"meshId": "mesh1", "clusterName": "cluster1", "role": 1, "istioVersion": "v1.28.1",
             "generation": 1, "epoch": 1}
            """);

    assertThat(e.field()).contains("role");
  }

  @Test
  void nodeSelectorWithAnEmptyValueSurvivesTheWire() throws Exception {
    GatewayPlacement infra =
        new GatewayPlacement(
            Map.of("node-role.kubernetes.io/infra", ""),
            List.of(new Toleration("node-role.kubernetes.io/infra", "Equal", "reserved", null)));
    DesiredMembership desired =
        new DesiredMembership(
            "mesh1",
            "cluster1",
            Role.PRIMARY,
            "network1",
            null,
            "v1.28.1",
            null,
            infra,
            null,
            1,
            1);

    byte[] wire = EventCodec.encode(desired);

    assertThat(new String(wire, StandardCharsets.UTF_8))
        .contains("\"nodeSelector\":{\"node-role.kubernetes.io/infra\":\"\"}");
    assertThat(EventCodec.decode(DesiredMembership.class, wire).gatewayPlacement())
        .isEqualTo(infra);
  }

  @Test
  void encodeLeavesOutAbsentAndEmptyValues() {
    DesiredMembership desired =
        new DesiredMembership(
            "mesh1", "cluster1", Role.PRIMARY, null, null, "v1.28.1", null, null, null, 1, 1);

    assertThat(new String(EventCodec.encode(desired), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"meshId\":\"mesh1\",\"clusterName\":\"cluster1\",\"role\":\"PRIMARY\","
                + "\"istioVersion\":\"v1.28.1\",\"generation\":1,\"epoch\":1}");
  }

  private static <T extends MeshEvent> T decode(Class<T> type, String json)
      throws EventDecodeException {
    return EventCodec.decode(type, json.getBytes(StandardCharsets.UTF_8));
  }

  private static EventDecodeException rejected(Class<? extends MeshEvent> type, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String ceType =
        Arrays.stream(EventType.values())
            .filter(t -> t.recordClass().equals(type))
            .findFirst()
            .orElseThrow()
            .ceType();
    EventDecodeException tolerant =
        catchThrowableOfType(EventDecodeException.class, () -> EventCodec.decode(type, body));
    EventDecodeException strict =
        catchThrowableOfType(
            EventDecodeException.class, () -> EventCodec.decodeStrict(ceType, body));
    assertThat(tolerant).as("tolerant reader rejects it").isNotNull();
    assertThat(strict).as("strict reader rejects it").isNotNull();
    assertThat(strict.field()).isEqualTo(tolerant.field());
    return tolerant;
  }
}
