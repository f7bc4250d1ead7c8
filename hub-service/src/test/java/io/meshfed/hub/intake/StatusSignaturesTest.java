package io.meshfed.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.hub.intake.StatusSignatures.Refused;
import io.meshfed.hub.intake.StatusSignatures.Verdict;
import io.meshfed.hub.intake.StatusSignatures.Verified;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MemberTrust;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.hub.support.Meshes;
import io.meshfed.security.sign.RecordSigner;
import io.meshfed.security.sign.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A status record counts only if it is signed by the key of the cluster it names. */
class StatusSignaturesTest {

  private static final KeyPair EAST = SigningKeys.generate();
  private static final KeyPair WEST = SigningKeys.generate();
  private static final MeshSettings STRICT = new MeshSettings("m", "v1.28.1", null, null, false);
  private static final MeshSettings PINNING = new MeshSettings("m", "v1.28.1", null, null, true);

  private static Member member(String cluster, KeyPair registered) {
    return new Member(
        "m",
        cluster,
        Role.PRIMARY,
        null,
        null,
        null,
        null,
        1,
        registered == null
            ? MemberTrust.none()
            : MemberTrust.none()
                .withSigningKey(SigningKeys.encodePublicKey(registered.getPublic())));
  }

  private static ClusterStatus status(String cluster, KeyPair offered) {
    return new ClusterStatus(
        "m",
        cluster,
        Phase.READY,
        List.of(),
        1,
        1,
        List.of(),
        "t",
        List.of(),
        null,
        Meshes.T0,
        null,
        null,
        offered == null ? null : SigningKeys.encodePublicKey(offered.getPublic()),
        null,
        null,
        null);
  }

  private static Verdict check(
      Member member, MeshSettings mesh, ClusterStatus status, KeyPair signer, boolean required) {
    byte[] value = EventCodec.encode(status);
    String signature =
        signer == null ? null : RecordSigner.sign(signer.getPrivate(), status.clusterName(), value);
    return StatusSignatures.check(
        member, mesh, status.clusterName(), value, signature, null, status, required);
  }

  @Test
  void statusSignedWithTheRegisteredKeyIsTakenIn() {
    assertThat(check(member("east", EAST), STRICT, status("east", null), EAST, true))
        .isEqualTo(new Verified(null));
  }

  @Test
  void validKeyOfAnotherClusterIsRefused() {
    Verdict v = check(member("east", EAST), STRICT, status("east", WEST), WEST, true);

    assertThat(v)
        .isInstanceOfSatisfying(
            Refused.class,
            r -> {
              assertThat(r.reason()).isEqualTo(StatusSignatures.SIGNATURE_INVALID);
              assertThat(r.message())
                  .contains("east")
                  .contains(SigningKeys.fingerprint(EAST.getPublic()));
            });
  }

  @Test
  void unsignedStatusOfAClusterWithAKeyIsRefused() {
    assertThat(check(member("east", EAST), PINNING, status("east", null), null, false))
        .isInstanceOfSatisfying(
            Refused.class,
            r -> assertThat(r.reason()).isEqualTo(StatusSignatures.SIGNATURE_MISSING));
  }

  @Test
  void signatureCoversTheKeyAndTheBodyExactly() {
    ClusterStatus status = status("east", null);
    byte[] value = EventCodec.encode(status);
    String signature = RecordSigner.sign(EAST.getPrivate(), "east", value);
    byte[] changed =
        new String(value, StandardCharsets.UTF_8)
            .replace("\"Ready\"", "\"Degraded\"")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(
            StatusSignatures.check(
                member("east", EAST), STRICT, "east", changed, signature, null, status, true))
        .isInstanceOf(Refused.class);
    assertThat(
            StatusSignatures.check(
                member("east", EAST), STRICT, "west", value, signature, null, status, true))
        .isInstanceOf(Refused.class);
  }

  @Test
  void withoutARegisteredKeyAPinningMeshPinsTheKeyTheStatusOffersAndSignsWith() {
    Verdict v = check(member("east", null), PINNING, status("east", EAST), EAST, true);

    assertThat(v).isEqualTo(new Verified(SigningKeys.encodePublicKey(EAST.getPublic())));
  }

  @Test
  void pinningNeedsAnOfferedKeyThatSignedTheRecord() {
    assertThat(check(member("east", null), PINNING, status("east", null), EAST, true))
        .isInstanceOfSatisfying(
            Refused.class,
            r -> assertThat(r.reason()).isEqualTo(StatusSignatures.SIGNING_KEY_INVALID));
    assertThat(check(member("east", null), PINNING, status("east", EAST), WEST, true))
        .isInstanceOfSatisfying(
            Refused.class,
            r -> assertThat(r.reason()).isEqualTo(StatusSignatures.SIGNATURE_INVALID));
  }

  @Test
  void withoutARegisteredKeyAStrictMeshRefusesUnlessUnregisteredClustersAreAllowed() {
    assertThat(check(member("east", null), STRICT, status("east", EAST), EAST, true))
        .isInstanceOfSatisfying(
            Refused.class,
            r -> {
              assertThat(r.reason()).isEqualTo(StatusSignatures.NO_REGISTERED_KEY);
              assertThat(r.message()).contains("signingPublicKey");
            });
    assertThat(check(member("east", null), STRICT, status("east", null), null, false))
        .isEqualTo(new Verified(null));
  }
}
