package io.meshfed.hub.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshNetworksChanged;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.hub.intake.StatusIntake;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MemberTrust;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.hub.registry.ObservedCluster;
import io.meshfed.hub.request.Accepted;
import io.meshfed.hub.request.Decision;
import io.meshfed.hub.request.RequestDecider;
import io.meshfed.hub.support.StatusEdit;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.seal.SealedEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The design's largest mesh: 1,000 clusters, 100 of them primaries, every cluster on its own
 * network, every one reporting its address, recipient key, a credential sealed for every primary
 * and, for a primary, the credential of every other member applied. No record the hub plans for it
 * reaches 256 KiB; an address change costs one mesh record (and its event), a credential rotation
 * one credential record, a remote's join its own desired record (and the mesh record of its
 * network).
 */
class LargeMeshTest {

  private static final int CLUSTERS = 1_000;
  private static final int PRIMARIES = 100;
  private static final int LIMIT = 256 * 1024;
  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  private static MeshRegistry mesh;

  private static String name(int i) {
    return String.format("cluster-%04d-region-%02d", i, i % 17);
  }

  private static boolean isPrimary(int i) {
    return i % (CLUSTERS / PRIMARIES) == 0;
  }

  private static String credentialId(String sender) {
    return "sha256-" + Integer.toHexString(sender.hashCode()) + "-0001";
  }

  @BeforeAll
  static void buildTheMesh() {
    MeshSettings settings = new MeshSettings("large", "v1.28.1", null, null, true);
    List<String> primaries = new ArrayList<>();
    Map<String, String> publicKeys = new TreeMap<>();
    for (int i = 0; i < CLUSTERS; i += CLUSTERS / PRIMARIES) {
      primaries.add(name(i));
      publicKeys.put(name(i), RecipientKeys.generate().publicKeyset());
    }
    // One real envelope sealed for all 100 primaries: every sender's is as large.
    byte[] kubeconfig = new byte[3_000];
    Arrays.fill(kubeconfig, (byte) 'k');
    SealedEnvelope sealed =
        SealedEnvelope.seal(
            kubeconfig, "sender", SealContext.REMOTE_SECRET, "sha256-0000-0001", publicKeys);

    List<Member> members = new ArrayList<>();
    for (int i = 0; i < CLUSTERS; i++) {
      boolean primary = isPrimary(i);
      members.add(
          new Member(
              "large",
              name(i),
              primary ? Role.PRIMARY : Role.REMOTE,
              "network-" + name(i),
              primary ? null : name(i - i % (CLUSTERS / PRIMARIES)),
              null,
              null,
              1,
              MemberTrust.none()));
    }
    MeshRegistry r = MeshRegistry.empty(1).withMesh(settings).withMembers(members);
    Map<String, String> everyCredential = new TreeMap<>();
    for (int i = 0; i < CLUSTERS; i++) {
      everyCredential.put(name(i), credentialId(name(i)));
    }
    Map<String, ObservedCluster> observed = new HashMap<>();
    for (int i = 0; i < CLUSTERS; i++) {
      String c = name(i);
      boolean primary = isPrimary(i);
      ClusterStatus status =
          new ClusterStatus(
              "large",
              c,
              Phase.READY,
              List.of(),
              1,
              1,
              List.of(GatewayAddress.hostname("a" + i + "-1234567890.elb.eu-west-1.amazonaws.com")),
              "v0.9.0",
              List.of(),
              "https://api." + c + ".example.internal:6443",
              T,
              null,
              null,
              null,
              primary ? publicKeys.get(c) : null,
              null,
              null,
              new CredentialEnvelope(
                  SealContext.REMOTE_SECRET,
                  credentialId(c),
                  T.plusSeconds(86_400),
                  sealed.ciphertext(),
                  sealed.wrappedKeys()),
              null,
              null,
              null);
      observed.put(c, new ObservedCluster(status, T, false));
    }
    for (Map.Entry<String, ObservedCluster> o : observed.entrySet()) {
      r = r.withObserved(o.getKey(), o.getValue());
    }
    // The hub's first plan of it, written: the registry as the hub holds it afterwards.
    r = MeshChanges.between(r, r, "large").next();
    // Every primary then reports the digest of every other member's credential, applied.
    List<StatusIntake.Report> confirmations = new ArrayList<>();
    for (String p : primaries) {
      Map<String, String> applied = new TreeMap<>(everyCredential);
      applied.remove(p);
      ClusterStatus s = observed.get(p).status();
      confirmations.add(
          new StatusIntake.Report(withDigest(s, AppliedCredentials.digest(applied)), T, null));
    }
    mesh = StatusIntake.applyAll(r, confirmations).changes().next();
  }

  private static int size(MeshEvent record) {
    return EventCodec.encode(record).length;
  }

  @Test
  void everyRecordThePlannerProducesStaysUnder256KiB() {
    MeshSettings settings = mesh.mesh("large").orElseThrow();
    MeshPlan plan =
        MeshPlanner.plan(settings, mesh.membersOf("large"), mesh.observed(), mesh.appliedBy());

    assertThat(plan.record().primaries()).hasSize(PRIMARIES);
    assertThat(plan.record().meshNetworks()).hasSize(CLUSTERS);
    assertThat(plan.credentials()).as("every member has recipients").hasSize(CLUSTERS);
    int meshRecord = size(plan.record());
    int largestDesired = 0;
    for (Member m : mesh.membersOf("large")) {
      DesiredMembership d =
          DesiredRecords.of(settings, m.withPlan(plan.member(m.clusterName())), mesh.epoch());
      largestDesired = Math.max(largestDesired, size(d));
    }
    int largestCredential = 0;
    for (SharedCredential c : plan.credentials().values()) {
      largestCredential = Math.max(largestCredential, size(c));
      assertThat(c.appliedBy()).hasSizeLessThanOrEqualTo(PRIMARIES);
    }
    System.out.printf(
        "1,000 clusters, 100 primaries: mesh record %d bytes, largest desired %d bytes,"
            + " largest credential record %d bytes%n",
        meshRecord, largestDesired, largestCredential);

    assertThat(meshRecord).isLessThan(LIMIT);
    assertThat(largestDesired).isLessThan(LIMIT);
    assertThat(largestCredential).isLessThan(LIMIT);
    SharedCredential ofARemote = plan.credential(name(1)).orElseThrow();
    assertThat(ofARemote.credential().recipients()).hasSize(PRIMARIES);
    assertThat(ofARemote.appliedBy()).hasSize(PRIMARIES);
    assertThat(plan.credential(name(0)).orElseThrow().credential().recipients())
        .as("a primary does not hold its own remote secret")
        .hasSize(PRIMARIES - 1)
        .doesNotContainKey(name(0));
  }

  @Test
  void theHubsRecordsOfTheMeshAreWhatItPlans() {
    assertThat(mesh.meshRecord("large").orElseThrow().revision()).isEqualTo(1);
    assertThat(mesh.credentialsOf("large")).hasSize(CLUSTERS);
    assertThat(mesh.member(name(0)).orElseThrow().plan().externalIstiod()).isTrue();
    assertThat(MeshChanges.between(mesh, mesh, "large").isEmpty())
        .as("planning again writes nothing")
        .isTrue();
  }

  @Test
  void anAddressChangeCostsOneMeshRecordAndACredentialRotationOneCredentialRecord() {
    ClusterStatus before = mesh.observed(name(10)).orElseThrow().status();
    ClusterStatus moved = withAddressAndCredential(before, "10.1.2.3", before.sharedCredential());
    CredentialEnvelope current = before.sharedCredential();
    CredentialEnvelope rotated =
        new CredentialEnvelope(
            current.purpose(),
            "sha256-rotated-0002",
            current.expiresAt(),
            current.ciphertext(),
            current.recipients());

    Changes address = StatusIntake.apply(mesh, moved, T).changes();
    Changes rotation =
        StatusIntake.apply(
                mesh,
                withAddressAndCredential(before, before.eastWestAddresses().get(0).host(), rotated),
                T)
            .changes();

    assertThat(address.meshRecords()).hasSize(1);
    assertThat(address.meshRecords().get(0).primaries().get(name(10)).discoveryAddress())
        .isEqualTo("10.1.2.3");
    assertThat(address.desired()).isEmpty();
    assertThat(address.credentials()).isEmpty();
    assertThat(address.events()).singleElement().isInstanceOf(MeshNetworksChanged.class);
    assertThat(size(address.meshRecords().get(0))).isLessThan(LIMIT);

    assertThat(rotation.meshRecords()).isEmpty();
    assertThat(rotation.desired()).isEmpty();
    assertThat(rotation.events()).isEmpty();
    assertThat(rotation.credentials())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.sender()).isEqualTo(name(10));
              assertThat(c.credential().credentialId()).isEqualTo("sha256-rotated-0002");
              assertThat(c.revision())
                  .isEqualTo(mesh.credential(name(10)).orElseThrow().revision() + 1);
            });
  }

  @Test
  void aRemoteJoiningTheLargeMeshWritesItsOwnDesiredRecordOnly() {
    Decision d =
        RequestDecider.decide(
            mesh,
            new JoinCluster("large", "newcomer", Role.REMOTE, "network-new", name(0), null, null),
            "join-newcomer",
            null);

    assertThat(d).isInstanceOf(Accepted.class);
    Changes join = ((Accepted) d).changes();

    assertThat(join.desired())
        .as("the newcomer's; its primary served remotes already")
        .extracting(DesiredMembership::clusterName)
        .containsExactly("newcomer");
    assertThat(join.meshRecords()).hasSize(1);
    assertThat(join.credentials()).isEmpty();
    assertThat(join.credentialTombstones()).isEmpty();
    assertThat(join.desired()).allSatisfy(r -> assertThat(size(r)).isLessThan(LIMIT));
    assertThat(size(join.meshRecords().get(0))).isLessThan(LIMIT);
  }

  private static ClusterStatus withDigest(ClusterStatus s, String digest) {
    return StatusEdit.of(s).applied(digest, null).build();
  }

  private static ClusterStatus withAddressAndCredential(
      ClusterStatus s, String host, CredentialEnvelope credential) {
    return StatusEdit.of(s)
        .addresses(List.of(GatewayAddress.of(host, GatewayAddress.CROSS_NETWORK_PORT)))
        .shared(credential, null)
        .applied(null, null)
        .build();
  }
}
