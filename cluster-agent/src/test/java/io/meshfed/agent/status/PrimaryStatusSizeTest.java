package io.meshfed.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.agent.model.MemberTopology;
import io.meshfed.agent.reconcile.ReconcileOutcome;
import io.meshfed.agent.resource.Operation;
import io.meshfed.agent.security.CredentialSealing;
import io.meshfed.agent.security.CredentialSharing;
import io.meshfed.agent.security.PeerCredentialOpener;
import io.meshfed.agent.security.ReaderToken;
import io.meshfed.agent.security.ReaderTokenSecrets;
import io.meshfed.agent.security.SecurityFacts;
import io.meshfed.agent.security.TestCa;
import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Locality;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.security.ca.RenewalPolicy;
import io.meshfed.security.kubeconfig.RemoteKubeconfig;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.seal.SealedEnvelope;
import io.meshfed.security.sign.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status of a primary in a mesh of 1,000 clusters (100 primaries, 900 remotes), through the
 * parts a reconcile runs: the peers' credentials really sealed for it and opened ({@link
 * PeerCredentialOpener}), its own credential really sealed for the 99 other primaries ({@link
 * CredentialSharing}), the status assembled and encoded as it goes on the wire. It reports what it
 * applied as a digest and its envelope only until its own record carries it, so its size does not
 * grow with the mesh.
 */
class PrimaryStatusSizeTest {

  private static final String MESH = "fleet";
  private static final String ME = "member-0000";
  private static final int MEMBERS = 1_000;
  private static final int PRIMARIES = 100;
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String API_CA = new TestCa("api-servers").rootPem();

  /** A status of a primary stays under this, whatever the size of its mesh. */
  private static final int LIMIT = 8 * 1024;

  private static final RecipientKeys MY_KEYS = RecipientKeys.generate();
  private static MemberTopology topology;
  private static Map<String, SharedCredential> credentials;
  private static SortedMap<String, String> expectedApplied;

  @BeforeAll
  static void aThousandMembersEachSharedACredentialSealedForThisPrimary() throws Exception {
    TreeMap<String, MeshPrimary> primaries = new TreeMap<>();
    for (int i = 0; i < PRIMARIES; i++) {
      String name = name(i);
      String key =
          name.equals(ME) ? MY_KEYS.publicKeyset() : RecipientKeys.generate().publicKeyset();
      primaries.put(name, new MeshPrimary("10.0." + (i / 250) + "." + (i % 250 + 1), key));
    }
    MeshRecord mesh =
        new MeshRecord(MESH, 1_234, "v1.28.1", new TreeMap<>(), primaries, null, null, null);
    DesiredMembership desired =
        new DesiredMembership(
            MESH,
            ME,
            Role.PRIMARY,
            "net-" + ME,
            null,
            "v1.28.1",
            null,
            null,
            null,
            7,
            1,
            null,
            null,
            null,
            null,
            true);
    topology = MemberTopology.of(desired, Optional.of(mesh));

    credentials = new TreeMap<>();
    expectedApplied = new TreeMap<>();
    for (int i = 1; i < MEMBERS; i++) {
      String peer = name(i);
      String url = "https://api." + peer + ".fleet.example.com:6443";
      String credentialId = peer + "-1772366400";
      String kubeconfig =
          RemoteKubeconfig.render(peer, url, API_CA, "reader-token-of-" + peer + "-0123456789");
      SealedEnvelope sealed =
          SealedEnvelope.seal(
              kubeconfig.getBytes(StandardCharsets.UTF_8),
              peer,
              SealContext.REMOTE_SECRET,
              credentialId,
              Map.of(ME, MY_KEYS.publicKeyset()));
      credentials.put(
          peer,
          new SharedCredential(
              MESH,
              peer,
              3,
              url,
              new CredentialEnvelope(
                  SealContext.REMOTE_SECRET,
                  credentialId,
                  NOW.plus(Duration.ofDays(7)),
                  sealed.ciphertext(),
                  sealed.wrappedKeys()),
              new TreeMap<>()));
      expectedApplied.put(peer, credentialId);
    }
  }

  @Test
  void aPrimaryOfAThousandClusterMeshReportsAFewKilobytes() {
    PeerCredentialOpener.Opened opened =
        PeerCredentialOpener.open(topology, credentials, MY_KEYS, Map.of());
    assertThat(opened.peers()).hasSize(MEMBERS - 1);
    assertThat(opened.refused()).isEmpty();
    assertThat(opened.applied()).isEqualTo(expectedApplied);

    CredentialSharing sharing =
        new CredentialSharing(
            ME, new CredentialSealing(ME), Duration.ofDays(7), new RenewalPolicy(0.5));
    ReaderToken token =
        filled(ReaderTokenSecrets.next(ME, NOW.minusSeconds(60), Duration.ofDays(7)));
    String myUrl = "https://api." + ME + ".fleet.example.com:6443";
    CredentialSharing.Sharing first =
        sharing.share(
            topology, Optional.empty(), List.of(token), true, myUrl, Optional.empty(), NOW);
    CredentialEnvelope envelope = first.shared().orElseThrow();
    assertThat(envelope.recipients()).hasSize(PRIMARIES - 1);
    assertThat(first.routed()).isFalse();

    // until the hub's record of this cluster carries the envelope, the status sends it
    ClusterStatus sending = status(opened, first);
    byte[] sendingBytes = EventCodec.encode(sending);
    assertThat(sending.sharedCredential()).isEqualTo(envelope);

    // the hub routes it: from then on, the status names it by its id only
    SharedCredential own =
        new SharedCredential(MESH, ME, 4, myUrl, envelope, new TreeMap<>(expectedApplied));
    CredentialSharing.Sharing routed =
        sharing.share(
            topology, Optional.of(own), List.of(token), true, myUrl, Optional.empty(), NOW);
    assertThat(routed.routed()).isTrue();
    ClusterStatus steady = status(opened, routed);
    byte[] steadyBytes = EventCodec.encode(steady);

    System.out.printf(
        "status of a primary of %d clusters (%d primaries): %d bytes while it sends its envelope"
            + " (%d recipients), %d bytes once its record carries it%n",
        MEMBERS, PRIMARIES, sendingBytes.length, PRIMARIES - 1, steadyBytes.length);
    assertThat(steady.sharedCredential()).isNull();
    assertThat(steady.sharedCredentialId()).isEqualTo(token.credentialId());
    assertThat(steady.appliedCredentials()).as("no longer written").isEmpty();
    assertThat(steady.appliedCredentialsDigest())
        .isEqualTo(AppliedCredentials.digest(expectedApplied));
    assertThat(steady.appliedCredentialsCount()).isEqualTo(MEMBERS - 1);
    assertThat(steadyBytes.length).as("encoded status, bytes").isLessThan(LIMIT);
    assertThat(sendingBytes.length)
        .as("the envelope is most of a status that sends it")
        .isGreaterThan(steadyBytes.length + envelope.ciphertext().length());
  }

  /** The status a reconcile that found everything in place reports. */
  private static ClusterStatus status(
      PeerCredentialOpener.Opened opened, CredentialSharing.Sharing sharing) {
    SecurityFacts facts =
        new SecurityFacts(
            Optional.empty(),
            Optional.of(NOW.plus(Duration.ofDays(300))),
            Optional.of(
                new Condition(
                    StatusConditions.TRUST_CHAIN,
                    Condition.TRUE,
                    "Installed",
                    "the intermediate CA the hub issued is in cacerts",
                    null)),
            sharing.condition(),
            sharing.shared(),
            sharing.routed(),
            topology.primary(),
            opened.applied(),
            opened.refused());
    Condition ready = new Condition("Ready", Condition.TRUE, "Healthy", "ready", null);
    ReconcileOutcome outcome =
        new ReconcileOutcome(
            ReconcileOutcome.Step.MEMBER,
            MESH,
            7,
            7,
            1_234,
            Optional.empty(),
            List.of(),
            List.of(),
            Optional.of(ready),
            Optional.of(ready),
            true,
            true,
            true,
            true,
            List.of(GatewayAddress.ip("10.0.0.1")),
            opened.peers(),
            List.of(),
            ReconcileOutcome.count(
                List.of(Operation.UNCHANGED, Operation.UNCHANGED, Operation.CREATED)),
            facts);
    StatusAssembler.Inputs inputs =
        new StatusAssembler.Inputs(
            ME,
            "0.1.0",
            "https://api." + ME + ".fleet.example.com:6443",
            List.of(
                new Locality("eu-west-1", "eu-west-1a", null),
                new Locality("eu-west-1", "eu-west-1b", null)),
            7,
            SigningKeys.encodePublicKey(SigningKeys.generate().getPublic()),
            MY_KEYS.publicKeyset());
    return StatusAssembler.assemble(outcome, inputs, Optional.empty(), NOW).orElseThrow();
  }

  private static ReaderToken filled(ReaderToken next) {
    return new ReaderToken(
        next.name(),
        next.credentialId(),
        next.createdAt(),
        next.expiresAt(),
        Optional.of("reader-token-of-" + ME + "-0123456789"),
        Optional.of(API_CA));
  }

  private static String name(int i) {
    return String.format("member-%04d", i);
  }
}
