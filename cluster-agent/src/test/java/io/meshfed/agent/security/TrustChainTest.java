package io.meshfed.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.Condition;
import io.meshfed.security.ca.CaCertsBundle;
import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.ca.IssuedIntermediate;
import io.meshfed.security.ca.RenewalPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrustChainTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final RenewalPolicy RENEWAL = new RenewalPolicy(0.8);
  private static final TestCa HUB = new TestCa("mesh1", Clock.fixed(NOW, ZoneOffset.UTC));

  private final IntermediateCsr pending = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256);
  private final IssuedIntermediate issued = HUB.sign("cluster1", pending.csrPem());

  @Test
  void withoutCacertsARequestGoesOutAndIstioWaits() {
    TrustChain.Plan plan =
        TrustChain.plan(Optional.empty(), Optional.empty(), null, null, RENEWAL, NOW);

    assertThat(plan.requestNeeded()).isTrue();
    assertThat(plan.caReady()).isFalse();
    assertThat(plan.bundle()).isEmpty();
    assertThat(plan.notAfter()).isEmpty();
    assertThat(plan.condition())
        .extracting(Condition::type, Condition::status, Condition::reason)
        .containsExactly("TrustChain", Condition.FALSE, TrustChain.WAITING_FOR_INTERMEDIATE);
  }

  @Test
  void theHubsCertificateForThePendingKeyBecomesCacerts() {
    TrustChain.Plan plan =
        TrustChain.plan(
            Optional.empty(),
            Optional.of(pending),
            issued.certificatePem(),
            issued.rootCertificatePem(),
            RENEWAL,
            NOW);

    assertThat(plan.caReady()).isTrue();
    assertThat(plan.requestNeeded()).isFalse();
    CaCertsBundle bundle = plan.bundle().orElseThrow();
    assertThat(bundle.caKeyPem()).isEqualTo(pending.privateKeyPem());
    assertThat(bundle.rootCertPem()).isEqualTo(HUB.rootPem());
    assertThat(bundle.certChainPem()).startsWith(bundle.caCertPem());
    assertThat(plan.notAfter()).contains(issued.notAfter());
    assertThat(plan.installsIssued()).isTrue();
    assertThat(plan.condition().reason()).isEqualTo(TrustChain.INSTALLED);
  }

  @Test
  void aCertificateForAnEarlierKeyLeavesTheCurrentRequestOut() {
    IntermediateCsr newer = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256);

    TrustChain.Plan plan =
        TrustChain.plan(
            Optional.empty(),
            Optional.of(newer),
            issued.certificatePem(),
            issued.rootCertificatePem(),
            RENEWAL,
            NOW);

    assertThat(plan.requestNeeded()).isTrue();
    assertThat(plan.caReady()).isFalse();
    assertThat(plan.condition().reason()).isEqualTo(TrustChain.WAITING_FOR_INTERMEDIATE);
  }

  @Test
  void aCertificateThatDoesNotChainToTheRootSentWithItIsRefusedWithTheReason() {
    TestCa otherMesh = new TestCa("mesh2", Clock.fixed(NOW, ZoneOffset.UTC));

    TrustChain.Plan plan =
        TrustChain.plan(
            Optional.empty(),
            Optional.of(pending),
            issued.certificatePem(),
            otherMesh.rootPem(),
            RENEWAL,
            NOW);

    assertThat(plan.caReady()).isFalse();
    assertThat(plan.bundle()).isEmpty();
    assertThat(plan.condition())
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.FALSE, "ChainInvalid");
  }

  @Test
  void cacertsMeshfedWroteIsKeptUntilItIsDueThenRenewedWhileStillInUse() {
    CaCertsBundle installed = bundle();
    Optional<TrustChain.LiveCaCerts> live =
        Optional.of(new TrustChain.LiveCaCerts(installed.secretData(), true));

    TrustChain.Plan fresh =
        TrustChain.plan(
            live,
            Optional.empty(),
            issued.certificatePem(),
            issued.rootCertificatePem(),
            RENEWAL,
            NOW);
    assertThat(fresh.bundle()).contains(installed);
    assertThat(fresh.requestNeeded()).isFalse();
    assertThat(fresh.condition().reason()).isEqualTo(TrustChain.INSTALLED);

    Instant late = NOW.plus(Duration.ofDays(300));
    TrustChain.Plan due =
        TrustChain.plan(
            live,
            Optional.empty(),
            issued.certificatePem(),
            issued.rootCertificatePem(),
            RENEWAL,
            late);
    assertThat(due.bundle()).contains(installed);
    assertThat(due.caReady()).isTrue();
    assertThat(due.requestNeeded()).isTrue();
    assertThat(due.condition())
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.TRUE, TrustChain.RENEWING);
  }

  @Test
  void aRenewedCertificateReplacesTheOldOneOnceItArrives() {
    Optional<TrustChain.LiveCaCerts> live =
        Optional.of(new TrustChain.LiveCaCerts(bundle().secretData(), true));
    Instant late = NOW.plus(Duration.ofDays(300));
    IntermediateCsr renewal = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256);
    IssuedIntermediate renewed =
        new TestCa("mesh1", Clock.fixed(late, ZoneOffset.UTC)).sign("cluster1", renewal.csrPem());

    TrustChain.Plan plan =
        TrustChain.plan(
            live,
            Optional.of(renewal),
            renewed.certificatePem(),
            renewed.rootCertificatePem(),
            RENEWAL,
            late);

    assertThat(plan.bundle().orElseThrow().caKeyPem()).isEqualTo(renewal.privateKeyPem());
    assertThat(plan.requestNeeded()).isFalse();
    assertThat(plan.notAfter()).contains(renewed.notAfter());
  }

  @Test
  void cacertsTheAgentDidNotWriteIsUsedAsItIsAndNeverReplaced() {
    Optional<TrustChain.LiveCaCerts> platforms =
        Optional.of(new TrustChain.LiveCaCerts(bundle().secretData(), false));

    TrustChain.Plan plan =
        TrustChain.plan(
            platforms, Optional.empty(), null, null, RENEWAL, NOW.plus(Duration.ofDays(364)));

    assertThat(plan.bundle()).isEmpty();
    assertThat(plan.caReady()).isTrue();
    assertThat(plan.requestNeeded()).isFalse();
    assertThat(plan.notAfter()).contains(issued.notAfter());
    assertThat(plan.condition().reason()).isEqualTo(TrustChain.PROVIDED_EXTERNALLY);
  }

  @Test
  void cacertsMeshfedWroteThatNoLongerFitsTogetherIsReplacedThroughANewRequest() {
    Map<String, String> broken = new TreeMap<>(bundle().secretData());
    broken.put(
        CaCertsBundle.CA_KEY,
        IntermediateCsr.generate("cluster1", CaKeyType.EC_P256).privateKeyPem());

    TrustChain.Plan plan =
        TrustChain.plan(
            Optional.of(new TrustChain.LiveCaCerts(broken, true)),
            Optional.empty(),
            null,
            null,
            RENEWAL,
            NOW);

    assertThat(plan.requestNeeded()).isTrue();
    assertThat(plan.caReady()).isFalse();
    assertThat(plan.bundle()).isEmpty();
  }

  private CaCertsBundle bundle() {
    try {
      return CaCertsBundle.of(
          issued.certificatePem(), pending.privateKeyPem(), issued.rootCertificatePem());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
