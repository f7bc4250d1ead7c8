package io.meshfed.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.agent.model.Waiting;
import io.meshfed.agent.reconcile.ReconcileOutcome;
import io.meshfed.agent.reconcile.ReconcileOutcome.Step;
import io.meshfed.agent.resource.ApplyException;
import io.meshfed.agent.resource.ManagedKind;
import io.meshfed.agent.resource.ObjectRef;
import io.meshfed.agent.resource.Operation;
import io.meshfed.agent.security.PeerCredentialOpener;
import io.meshfed.agent.security.SecurityFacts;
import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StatusAssemblerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:01:00Z");
  private static final Condition READY = new Condition("Ready", "True", "Healthy", "ok", null);
  private static final GatewayAddress ADDRESS = GatewayAddress.ip("10.64.30.73");

  @Test
  void everythingAppliedAndReportedReadyIsReady() {
    ClusterStatus status = assemble(member().build(), -1);

    assertThat(status.phase()).isEqualTo(Phase.READY);
    assertThat(status.condition("Ready")).get().extracting(Condition::isTrue).isEqualTo(true);
    assertThat(status.eastWestAddresses()).containsExactly(ADDRESS);
    assertThat(status.observedGeneration()).isEqualTo(3);
    assertThat(status.observedMeshRevision()).isEqualTo(9);
    assertThat(status.agentVersion()).isEqualTo("1.2.3");
    assertThat(status.conditions()).extracting(Condition::type).isSorted();
  }

  @Test
  void waitingForTheLoadBalancerIsInstallingUntilTheClusterWasReady() {
    ReconcileOutcome noAddress = member().addresses(List.of()).build();

    ClusterStatus first = assemble(noAddress, -1);
    assertThat(first.phase()).isEqualTo(Phase.INSTALLING);
    assertThat(first.condition(StatusConditions.EAST_WEST_GATEWAY_READY))
        .get()
        .extracting(Condition::reason)
        .isEqualTo(StatusConditions.WAITING_FOR_LOAD_BALANCER);
    assertThat(first.condition("Ready"))
        .get()
        .extracting(Condition::reason)
        .isEqualTo(StatusConditions.WAITING_FOR_LOAD_BALANCER);

    assertThat(assemble(noAddress, 3).phase())
        .as("ready before, for this generation")
        .isEqualTo(Phase.DEGRADED);
  }

  @Test
  void aFailedApiCallIsDegradedWithTheApisReason() {
    ApplyException forbidden =
        new ApplyException(
            new ObjectRef(ManagedKind.GATEWAY, "istio-system", "cross-network-gateway"),
            "Forbidden",
            "Gateway istio-system/cross-network-gateway: forbidden",
            null);
    ClusterStatus status = assemble(member().failures(List.of(forbidden, forbidden)).build(), -1);

    assertThat(status.phase()).isEqualTo(Phase.DEGRADED);
    assertThat(status.condition(StatusConditions.RESOURCES_APPLIED))
        .get()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(Condition.FALSE);
              assertThat(c.reason()).isEqualTo("Forbidden");
              assertThat(c.message()).endsWith("(and 1 more)");
            });
  }

  @Test
  void sailConditionsAreReportedAsTheOperatorGaveThem() {
    Condition notReady = new Condition("Ready", "False", "ReconcileError", "istiod crashed", null);
    ClusterStatus status = assemble(member().istio(Optional.of(notReady)).build(), -1);

    assertThat(status.phase()).isEqualTo(Phase.INSTALLING);
    assertThat(status.condition(StatusConditions.ISTIO_READY))
        .get()
        .extracting(Condition::status, Condition::reason, Condition::message)
        .containsExactly("False", "ReconcileError", "istiod crashed");
    assertThat(
            assemble(member().istio(Optional.empty()).build(), -1)
                .condition(StatusConditions.ISTIO_READY))
        .get()
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.UNKNOWN, StatusConditions.NOT_REPORTED);
  }

  @Test
  void remoteSecretsWithoutCredentialsAreReportedButDoNotBlockReady() {
    ClusterStatus status =
        assemble(member().peers(List.of("cluster2"), List.of("cluster2")).build(), -1);

    assertThat(status.phase()).isEqualTo(Phase.READY);
    assertThat(status.condition(StatusConditions.REMOTE_CREDENTIALS))
        .get()
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.FALSE, StatusConditions.WAITING_FOR_CREDENTIAL);
  }

  @Test
  void aRefusedCredentialNamesThePeerAndHoldsBackReady() {
    SecurityFacts refused =
        facts(
            Optional.empty(),
            Map.of(),
            List.of(
                new PeerCredentialOpener.Refusal(
                    "cluster2", "CiphertextRefused", "does not open with this cluster's key")));
    ClusterStatus status =
        assemble(member().peers(List.of("cluster2"), List.of()).security(refused).build(), -1);

    assertThat(status.phase()).isEqualTo(Phase.INSTALLING);
    assertThat(status.condition(StatusConditions.REMOTE_CREDENTIALS))
        .get()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(Condition.FALSE);
              assertThat(c.reason()).isEqualTo("CiphertextRefused");
              assertThat(c.message()).contains("peer cluster2");
            });
    assertThat(status.condition("Ready"))
        .get()
        .extracting(Condition::reason)
        .isEqualTo("CiphertextRefused");
  }

  @Test
  void theTrustChainAndCredentialsGoIntoTheStatusWithThePublicKeys() {
    CredentialEnvelope shared =
        new CredentialEnvelope(
            "remote-secret", "cluster1-5", T1, "AAAA", new TreeMap<>(Map.of("cluster2", "BBBB")));
    SecurityFacts security =
        new SecurityFacts(
            Optional.of("-----BEGIN CERTIFICATE REQUEST-----"),
            Optional.of(T1),
            Optional.of(
                new Condition(
                    StatusConditions.TRUST_CHAIN, Condition.TRUE, "Renewing", "due", null)),
            Optional.of(
                new Condition(
                    StatusConditions.CREDENTIALS_SHARED, Condition.TRUE, "Sealed", "ok", null)),
            Optional.of(shared),
            false,
            true,
            new TreeMap<>(Map.of("cluster2", "cluster2-3")),
            List.of());

    ClusterStatus status =
        assemble(member().peers(List.of("cluster2"), List.of()).security(security).build(), -1);

    assertThat(status.phase()).isEqualTo(Phase.READY);
    assertThat(status.intermediateCsr()).isEqualTo("-----BEGIN CERTIFICATE REQUEST-----");
    assertThat(status.intermediateNotAfter()).isEqualTo(T1);
    assertThat(status.signingPublicKey()).isEqualTo("c2lnbmluZw==");
    assertThat(status.recipientPublicKey()).isEqualTo("cmVjaXBpZW50");
    assertThat(status.sharedCredential())
        .as("its own record does not carry it yet")
        .isEqualTo(shared);
    assertThat(status.sharedCredentialId()).isEqualTo("cluster1-5");
    assertThat(status.sealedCredentials()).as("no longer written").isEmpty();
    assertThat(status.appliedCredentials()).as("no longer written").isEmpty();
    assertThat(status.appliedCredentialsDigest())
        .isEqualTo(AppliedCredentials.digest(Map.of("cluster2", "cluster2-3")));
    assertThat(status.appliedCredentialsCount()).isEqualTo(1);
    assertThat(status.condition(StatusConditions.REMOTE_CREDENTIALS))
        .get()
        .extracting(Condition::status)
        .isEqualTo(Condition.TRUE);
    assertThat(status.conditions())
        .extracting(Condition::type)
        .contains(StatusConditions.TRUST_CHAIN, StatusConditions.CREDENTIALS_SHARED);
    assertThat(StatusAssembler.withReportedAt(status, T1))
        .usingRecursiveComparison()
        .ignoringFields("reportedAt")
        .isEqualTo(status);
  }

  @Test
  void onceItsOwnRecordCarriesTheEnvelopeOnlyItsIdIsSent() {
    CredentialEnvelope shared =
        new CredentialEnvelope(
            "remote-secret", "cluster1-5", T1, "AAAA", new TreeMap<>(Map.of("cluster2", "BBBB")));
    SecurityFacts routed =
        new SecurityFacts(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(shared),
            true,
            true,
            new TreeMap<>(),
            List.of());

    ClusterStatus status = assemble(member().security(routed).build(), -1);

    assertThat(status.sharedCredential()).isNull();
    assertThat(status.sharedCredentialId()).isEqualTo("cluster1-5");
    assertThat(status.appliedCredentialsDigest())
        .as("a primary with nothing applied reports the digest of nothing")
        .isEqualTo(AppliedCredentials.digest(Map.of()));
    assertThat(status.appliedCredentialsCount()).isZero();
  }

  @Test
  void aRemoteReportsNoDigestOfAppliedCredentials() {
    SecurityFacts remote =
        new SecurityFacts(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            false,
            new TreeMap<>(),
            List.of());

    ClusterStatus status = assemble(member().security(remote).build(), -1);

    assertThat(status.appliedCredentialsDigest()).isNull();
    assertThat(status.appliedCredentialsCount()).isNull();
    assertThat(status.sharedCredential()).isNull();
    assertThat(status.sharedCredentialId()).isNull();
  }

  @Test
  void aPeerWhoseRecordNamesNoApiServerIsReportedButDoesNotBlockReady() {
    ClusterStatus status =
        assemble(
            member()
                .peers(List.of("cluster2"), List.of())
                .waiting(
                    List.of(
                        new Waiting(
                            Waiting.PEER_API_SERVER,
                            "no remote secret for peer cluster2: its credential record names no"
                                + " API server")))
                .build(),
            -1);

    assertThat(status.phase()).isEqualTo(Phase.READY);
    assertThat(status.condition(StatusConditions.REMOTE_CREDENTIALS))
        .get()
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.FALSE, Waiting.PEER_API_SERVER);
  }

  @Test
  void aThousandPeersAreCountedNotListed() {
    List<String> peers = new ArrayList<>();
    Map<String, String> applied = new TreeMap<>();
    for (int i = 0; i < 999; i++) {
      String peer = String.format("member-%04d", i);
      peers.add(peer);
      applied.put(peer, peer + "-1");
    }
    ClusterStatus waiting = assemble(member().peers(peers, peers).build(), -1);
    ClusterStatus applying =
        assemble(
            member()
                .peers(peers, List.of())
                .security(
                    new SecurityFacts(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        true,
                        new TreeMap<>(applied),
                        List.of()))
                .build(),
            -1);

    assertThat(waiting.condition(StatusConditions.REMOTE_CREDENTIALS).orElseThrow().message())
        .contains("member-0000, member-0001, member-0002, member-0003, member-0004 and 994 more")
        .hasSizeLessThan(300);
    assertThat(applying.condition(StatusConditions.REMOTE_CREDENTIALS).orElseThrow().message())
        .contains("999 peers")
        .hasSizeLessThan(300);
    assertThat(applying.appliedCredentialsCount()).isEqualTo(999);
    assertThat(applying.appliedCredentialsDigest()).isEqualTo(AppliedCredentials.digest(applied));
  }

  @Test
  void withoutAnIntermediateIstioWaitsAndTheClusterIsNotReady() {
    SecurityFacts waiting =
        new SecurityFacts(
            Optional.of("-----BEGIN CERTIFICATE REQUEST-----"),
            Optional.empty(),
            Optional.of(
                new Condition(
                    StatusConditions.TRUST_CHAIN,
                    Condition.FALSE,
                    "WaitingForIntermediate",
                    "waiting for the hub",
                    null)),
            Optional.empty(),
            Optional.empty(),
            false,
            true,
            new TreeMap<>(),
            List.of());
    ReconcileOutcome outcome =
        member()
            .istioRendered(false)
            .istio(Optional.empty())
            .waiting(List.of(new Waiting(Waiting.INTERMEDIATE_CA, "Istio waits for cacerts")))
            .security(waiting)
            .build();

    ClusterStatus status = assemble(outcome, -1);

    assertThat(status.phase()).isEqualTo(Phase.INSTALLING);
    assertThat(status.condition(StatusConditions.ISTIO_READY))
        .get()
        .extracting(Condition::reason)
        .isEqualTo(Waiting.INTERMEDIATE_CA);
    assertThat(status.condition("Ready"))
        .get()
        .extracting(Condition::reason)
        .isEqualTo("WaitingForIntermediate");
  }

  @Test
  void aRemoteWithoutDiscoveryAddressWaitsForIt() {
    ReconcileOutcome remote =
        member()
            .istioRendered(false)
            .waiting(List.of(new Waiting(Waiting.DISCOVERY_ADDRESS, "waits for cluster1")))
            .build();
    ClusterStatus status = assemble(remote, -1);

    assertThat(status.phase()).isEqualTo(Phase.INSTALLING);
    assertThat(status.condition("Ready"))
        .get()
        .extracting(Condition::reason)
        .isEqualTo(Waiting.DISCOVERY_ADDRESS);
  }

  @Test
  void anUnactionableRecordIsDegradedWithItsReason() {
    ReconcileOutcome outcome =
        member()
            .step(Step.UNACTIONABLE)
            .unactionable(new ReconcileOutcome.Problem("UnknownRole", "role X is not known"))
            .build();
    ClusterStatus status = assemble(outcome, -1);
    assertThat(status.phase()).isEqualTo(Phase.DEGRADED);
    assertThat(status.condition(StatusConditions.DESIRED_STATE_VALID))
        .get()
        .extracting(Condition::reason)
        .isEqualTo("UnknownRole");
  }

  @Test
  void leavingAndLeftAreReportedWithoutAddresses() {
    ReconcileOutcome leaving = ReconcileOutcome.leaving(Step.LEAVING, "mesh1", List.of(), Map.of());
    ReconcileOutcome left = ReconcileOutcome.leaving(Step.LEFT, "mesh1", List.of(), Map.of());
    assertThat(assemble(leaving, 3).phase()).isEqualTo(Phase.LEAVING);
    ClusterStatus done = assemble(left, 3);
    assertThat(done.phase()).isEqualTo(Phase.LEFT);
    assertThat(done.condition(StatusConditions.RESOURCES_REMOVED))
        .get()
        .extracting(Condition::isTrue)
        .isEqualTo(true);
  }

  @Test
  void nothingIsReportedBeforeTheMeshIsKnown() {
    assertThat(StatusAssembler.assemble(ReconcileOutcome.idle(), inputs(-1), Optional.empty(), T0))
        .isEmpty();
  }

  @Test
  void aConditionKeepsItsTransitionTimeUntilItsStatusChanges() {
    ClusterStatus first = assemble(member().addresses(List.of()).build(), -1);
    ClusterStatus same =
        StatusAssembler.assemble(
                member().addresses(List.of()).build(), inputs(-1), Optional.of(first), T1)
            .orElseThrow();
    ClusterStatus changed =
        StatusAssembler.assemble(member().build(), inputs(-1), Optional.of(first), T1)
            .orElseThrow();

    assertThat(same.condition("Ready").orElseThrow().lastTransitionTime()).isEqualTo(T0);
    assertThat(StatusAssembler.sameContent(first, same)).isTrue();
    assertThat(changed.condition("Ready").orElseThrow().lastTransitionTime()).isEqualTo(T1);
    assertThat(StatusAssembler.sameContent(first, changed)).isFalse();
  }

  /** A report sent again as a heartbeat gets a new sequence; it says nothing new. */
  @Test
  void theSequenceIsNoChangeOfContent() {
    ClusterStatus sent = assemble(member().build(), -1).withSequence(7);
    ClusterStatus again = StatusAssembler.withReportedAt(sent, T1);

    assertThat(again.sequence()).isEqualTo(7);
    assertThat(StatusAssembler.sameContent(sent, again.withSequence(8))).isTrue();
    assertThat(StatusAssembler.sameContent(assemble(member().build(), -1), sent)).isTrue();
  }

  private static ClusterStatus assemble(ReconcileOutcome outcome, long lastReadyGeneration) {
    return StatusAssembler.assemble(outcome, inputs(lastReadyGeneration), Optional.empty(), T0)
        .orElseThrow();
  }

  private static StatusAssembler.Inputs inputs(long lastReadyGeneration) {
    return new StatusAssembler.Inputs(
        "cluster1",
        "1.2.3",
        "https://api.cluster1:6443",
        List.of(),
        lastReadyGeneration,
        "c2lnbmluZw==",
        "cmVjaXBpZW50");
  }

  private static SecurityFacts facts(
      Optional<String> csr,
      Map<String, String> applied,
      List<PeerCredentialOpener.Refusal> refused) {
    return new SecurityFacts(
        csr,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        true,
        new TreeMap<>(applied),
        refused);
  }

  private static OutcomeBuilder member() {
    return new OutcomeBuilder();
  }

  /** A member's outcome, ready unless told otherwise. */
  private static final class OutcomeBuilder {
    private Step step = Step.MEMBER;
    private Optional<ReconcileOutcome.Problem> unactionable = Optional.empty();
    private List<ApplyException> failures = List.of();
    private List<Waiting> waiting = List.of();
    private Optional<Condition> istio = Optional.of(READY);
    private boolean istioRendered = true;
    private List<GatewayAddress> addresses = List.of(ADDRESS);
    private List<String> peers = List.of();
    private List<String> withoutCredential = List.of();
    private SecurityFacts security = SecurityFacts.none();

    OutcomeBuilder security(SecurityFacts f) {
      security = f;
      return this;
    }

    OutcomeBuilder step(Step s) {
      step = s;
      return this;
    }

    OutcomeBuilder unactionable(ReconcileOutcome.Problem p) {
      unactionable = Optional.of(p);
      return this;
    }

    OutcomeBuilder failures(List<ApplyException> f) {
      failures = f;
      return this;
    }

    OutcomeBuilder waiting(List<Waiting> w) {
      waiting = w;
      return this;
    }

    OutcomeBuilder istio(Optional<Condition> c) {
      istio = c;
      return this;
    }

    OutcomeBuilder istioRendered(boolean r) {
      istioRendered = r;
      return this;
    }

    OutcomeBuilder addresses(List<GatewayAddress> a) {
      addresses = a;
      return this;
    }

    OutcomeBuilder peers(List<String> p, List<String> without) {
      peers = p;
      withoutCredential = without;
      return this;
    }

    ReconcileOutcome build() {
      return new ReconcileOutcome(
          step,
          "mesh1",
          3,
          3,
          9,
          unactionable,
          failures,
          waiting,
          istio,
          Optional.of(READY),
          istioRendered,
          true,
          true,
          true,
          addresses,
          peers,
          withoutCredential,
          ReconcileOutcome.count(List.of(Operation.UNCHANGED, Operation.CREATED)),
          security);
    }
  }
}
