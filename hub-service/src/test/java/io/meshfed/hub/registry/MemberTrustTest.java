package io.meshfed.hub.registry;

import static io.meshfed.hub.support.Meshes.T0;
import static io.meshfed.hub.support.Meshes.apply;
import static io.meshfed.hub.support.Meshes.declared;
import static io.meshfed.hub.support.Meshes.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.UpdateCluster;
import io.meshfed.hub.intake.StatusIntake;
import io.meshfed.hub.plan.DesiredRecords;
import io.meshfed.hub.request.Accepted;
import io.meshfed.hub.request.Decision;
import io.meshfed.hub.request.Rejection;
import io.meshfed.hub.request.RequestDecider;
import io.meshfed.security.sign.SigningKeys;
import org.junit.jupiter.api.Test;

/**
 * A member's signing key and intermediate live in its desired record: registered by a join, rotated
 * by an update, pinned or issued from a status, and read back at a restart.
 */
class MemberTrustTest {

  private static final String KEY_1 =
      SigningKeys.encodePublicKey(SigningKeys.generate().getPublic());
  private static final String KEY_2 =
      SigningKeys.encodePublicKey(SigningKeys.generate().getPublic());

  private static JoinCluster join(String key) {
    return new JoinCluster("m", "c", Role.PRIMARY, null, null, null, null, key);
  }

  private static Accepted accept(MeshRegistry r, MembershipRequest request) {
    Decision d = RequestDecider.decide(r, request, "req", null);
    assertThat(d).isInstanceOf(Accepted.class);
    return (Accepted) d;
  }

  @Test
  void joinRegistersTheKeyInTheDesiredRecord() {
    Accepted a = accept(declared("m"), join(KEY_1));

    DesiredMembership desired = a.changes().desired().get(0);
    assertThat(desired.signingPublicKey()).isEqualTo(KEY_1);
    assertThat(desired.generation()).isEqualTo(1);
  }

  @Test
  void updateWithoutAKeyKeepsItAndAnUpdateWithANewKeyRotatesIt() {
    MeshRegistry r = apply(declared("m"), join(KEY_1));

    Accepted same =
        accept(r, new UpdateCluster("m", "c", Role.PRIMARY, null, null, null, null, null));
    Accepted rotated =
        accept(r, new UpdateCluster("m", "c", Role.PRIMARY, null, null, null, null, KEY_2));

    assertThat(same.changes().desired()).as("nothing changed").isEmpty();
    assertThat(same.changes().next().member("c").orElseThrow().trust().signingPublicKey())
        .isEqualTo(KEY_1);
    assertThat(rotated.changes().desired())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.signingPublicKey()).isEqualTo(KEY_2);
              assertThat(d.generation()).isEqualTo(2);
            });
  }

  @Test
  void aKeyThatIsNotEd25519IsRejectedNamingTheField() {
    Decision d = RequestDecider.decide(declared("m"), join("MCowBQYDK2VwAyEA"), "req", null);

    assertThat(d)
        .isInstanceOfSatisfying(
            Rejection.class,
            r -> {
              assertThat(r.field()).isEqualTo("signingPublicKey");
              assertThat(r.httpStatus()).isEqualTo(400);
              assertThat(r.reason()).isEqualTo("InvalidSigningKey");
            });
  }

  @Test
  void declaringAMeshThatPinsKeepsTheSettingInItsMeshRecord() {
    Accepted a = accept(MeshRegistry.empty(1), new DeclareMesh("p", "v1.28.1", null, null, true));

    assertThat(a.changes().meshRecords().get(0).pinSigningKeysAtFirstContact()).isTrue();
    assertThat(a.changes().next().mesh("p").orElseThrow().pinSigningKeysAtFirstContact()).isTrue();
    assertThat(
            accept(MeshRegistry.empty(1), new DeclareMesh("q", "v1.28.1", null, null))
                .changes()
                .meshRecords()
                .get(0)
                .pinSigningKeysAtFirstContact())
        .isNull();
  }

  @Test
  void identityChangedByAStatusIsANewDesiredGenerationThatReadsBack() {
    MeshRegistry r = apply(declared("m"), join(null));
    MemberTrust pinned =
        MemberTrust.none()
            .withSigningKey(KEY_1)
            .withIntermediate(
                "-----BEGIN CERTIFICATE-----\nA\n", "-----BEGIN CERTIFICATE-----\nB\n");

    StatusIntake.Outcome outcome =
        StatusIntake.apply(r, status("m", "c", Phase.PENDING), T0, pinned);

    DesiredMembership desired = outcome.changes().desired().get(0);
    assertThat(desired.generation()).isEqualTo(2);
    assertThat(desired.signingPublicKey()).isEqualTo(KEY_1);
    assertThat(desired.intermediateCertificate()).startsWith("-----BEGIN CERTIFICATE-----\nA");
    assertThat(desired.rootCertificate()).startsWith("-----BEGIN CERTIFICATE-----\nB");
    assertThat(DesiredRecords.toMember(desired, r.mesh("m").orElseThrow()).trust())
        .isEqualTo(pinned);
    assertThat(
            StatusIntake.apply(
                    outcome.changes().next(), status("m", "c", Phase.PENDING), T0, pinned)
                .changes()
                .desired())
        .as("the same identity again writes nothing")
        .isEmpty();
  }
}
