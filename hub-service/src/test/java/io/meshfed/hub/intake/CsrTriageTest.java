package io.meshfed.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Phase;
import io.meshfed.hub.intake.CsrTriage.Action;
import io.meshfed.hub.registry.MemberTrust;
import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.CsrSigner;
import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.ca.IssuedIntermediate;
import io.meshfed.security.ca.MeshRootCa;
import io.meshfed.security.ca.RenewalPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the hub signs an intermediate CA request. */
class CsrTriageTest {

  private static final Instant ISSUED_AT = Instant.parse("2025-01-01T00:00:00Z");
  private static final RenewalPolicy RENEWAL = new RenewalPolicy(0.8);
  private static final MeshRootCa ROOT =
      MeshRootCa.generate(
          "m", CaKeyType.EC_P256, Duration.ofDays(3650), Clock.fixed(ISSUED_AT, ZoneOffset.UTC));
  private static final IntermediateCsr FIRST = IntermediateCsr.generate("east", CaKeyType.EC_P256);
  private static final IntermediateCsr SECOND = IntermediateCsr.generate("east", CaKeyType.EC_P256);

  private static IssuedIntermediate issue(IntermediateCsr csr) throws Exception {
    return new CsrSigner(ROOT, Duration.ofDays(100), Clock.fixed(ISSUED_AT, ZoneOffset.UTC))
        .sign("east", csr.csrPem());
  }

  private static ClusterStatus status(IntermediateCsr csr, Instant holds) {
    return new ClusterStatus(
        "m",
        "east",
        Phase.READY,
        List.of(),
        1,
        1,
        List.of(),
        "t",
        List.of(),
        null,
        ISSUED_AT,
        csr == null ? null : csr.csrPem(),
        holds,
        null,
        null,
        null,
        null);
  }

  private static MemberTrust issued(IssuedIntermediate i) {
    return MemberTrust.none().withIntermediate(i.certificatePem(), i.rootCertificatePem());
  }

  @Test
  void noRequestNothingToDo() {
    assertThat(CsrTriage.decide(MemberTrust.none(), status(null, null), RENEWAL, ISSUED_AT))
        .isEqualTo(Action.NONE);
  }

  @Test
  void firstRequestIsSigned() {
    assertThat(CsrTriage.decide(MemberTrust.none(), status(FIRST, null), RENEWAL, ISSUED_AT))
        .isEqualTo(Action.SIGN);
  }

  @Test
  void requestAlreadyAnsweredIsNotSignedAgain() throws Exception {
    MemberTrust trust = issued(issue(FIRST));

    assertThat(CsrTriage.decide(trust, status(FIRST, null), RENEWAL, ISSUED_AT.plusSeconds(60)))
        .as("the agent has not applied it yet and still reports the request")
        .isEqualTo(Action.NONE);
  }

  @Test
  void newKeyWhileTheCurrentIntermediateIsHeldWaitsForRenewal() throws Exception {
    IssuedIntermediate current = issue(FIRST);
    MemberTrust trust = issued(current);
    ClusterStatus renewing = status(SECOND, current.notAfter());

    assertThat(CsrTriage.decide(trust, renewing, RENEWAL, ISSUED_AT.plus(Duration.ofDays(10))))
        .isEqualTo(Action.DEFERRED);
    assertThat(CsrTriage.decide(trust, renewing, RENEWAL, ISSUED_AT.plus(Duration.ofDays(81))))
        .isEqualTo(Action.SIGN);
  }

  @Test
  void newKeyOfAnAgentThatDoesNotHoldTheIssuedIntermediateIsSigned() throws Exception {
    MemberTrust trust = issued(issue(FIRST));

    assertThat(
            CsrTriage.decide(
                trust, status(SECOND, null), RENEWAL, ISSUED_AT.plus(Duration.ofDays(10))))
        .isEqualTo(Action.SIGN);
  }

  @Test
  void unreadableRequestIsLeftToTheSignerToRefuse() throws Exception {
    MemberTrust trust = issued(issue(FIRST));
    ClusterStatus garbage =
        new ClusterStatus(
            "m",
            "east",
            Phase.READY,
            List.of(),
            1,
            1,
            List.of(),
            "t",
            List.of(),
            null,
            ISSUED_AT,
            "-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----\n",
            null,
            null,
            null,
            null,
            null);

    assertThat(CsrTriage.decide(trust, garbage, RENEWAL, ISSUED_AT)).isEqualTo(Action.SIGN);
  }
}
