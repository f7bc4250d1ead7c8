package io.meshfed.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.EventType;
import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.Locality;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshNetworksChanged;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.NetworkEndpoint;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SealedCredential;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.model.Toleration;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventJson;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealedEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The size property of wire v2: no record grows with the mesh's member pairs, so that the largest
 * record of a 1,000-cluster mesh with 100 primaries, every cluster on its own network, stays under
 * 256 KiB (a quarter of Kafka's default 1 MB {@code max.message.bytes}); and, since a join rewrites
 * no other member's record, the records written most often stay small whatever the mesh's size: a
 * primary's desired record (it names no peer) and a primary's status once its record on {@code
 * meshfed.credentials.v1} carries its envelope (it reports the credentials applied as a digest)
 * stay under 8 KiB. Each record is built at its largest for that mesh, written with the real serde
 * ({@link EventCodec}, as the hub and the agents write it), read back and validated against its
 * schema; credentials are really sealed ({@link SealedEnvelope#seal}) for real recipient keys.
 */
class RecordSizeTest {

  private static final int LIMIT = 256 * 1024;

  /**
   * What a record that changes often or is rewritten per member may take: a primary's status
   * without its envelope (sent on every change and as a heartbeat) and a primary's desired record.
   */
  private static final int SMALL = 8 * 1024;

  private static final int CLUSTERS = 1_000;
  private static final int PRIMARIES = 100;
  private static final String MESH = "mesh-production-eu";
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00.123456789Z");

  /** Every tenth cluster is a primary, and serves the nine after it. */
  private static final int REMOTES_PER_PRIMARY = CLUSTERS / PRIMARIES - 1;

  private static final SortedMap<String, String> RECIPIENT_KEYS = new TreeMap<>();
  private static final byte[] KUBECONFIG = kubeconfig("cluster-0123");

  @BeforeAll
  static void primariesHaveRecipientKeys() {
    for (int i = 0; i < CLUSTERS; i += REMOTES_PER_PRIMARY + 1) {
      RECIPIENT_KEYS.put(cluster(i), RecipientKeys.generate().publicKeyset());
    }
    assertThat(RECIPIENT_KEYS).hasSize(PRIMARIES);
    assertThat(KUBECONFIG.length).isBetween(1_150, 1_300);
  }

  @Test
  void theMeshRecordFits() throws Exception {
    assertFits("MeshRecord (1,000 networks, 100 primaries)", mesh(RecordSizeTest::address));
  }

  /** Where the cloud gives load balancers DNS names (AWS): the largest record there is. */
  @Test
  void theMeshRecordFitsWithALoadBalancerHostnameForEveryGateway() throws Exception {
    assertFits(
        "MeshRecord (1,000 networks, 100 primaries, load balancer hostnames)",
        mesh(RecordSizeTest::hostname));
  }

  /** What an address change costs besides the mesh record: the event carrying meshNetworks. */
  @Test
  void theMeshNetworksChangedEventFits() throws Exception {
    MeshRecord mesh = mesh(RecordSizeTest::address);
    assertFits(
        "MeshNetworksChanged (1,000 networks)",
        new MeshNetworksChanged(MESH, mesh.revision(), mesh.meshNetworks()));
    MeshRecord named = mesh(RecordSizeTest::hostname);
    assertFits(
        "MeshNetworksChanged (1,000 networks, load balancer hostnames)",
        new MeshNetworksChanged(MESH, named.revision(), named.meshNetworks()));
  }

  private static MeshRecord mesh(IntFunction<String> gatewayAddress) {
    SortedMap<String, NetworkSpec> networks = new TreeMap<>();
    for (int i = 0; i < CLUSTERS; i++) {
      networks.put(
          network(i),
          new NetworkSpec(
              List.of(new NetworkEndpoint(cluster(i))),
              List.of(new NetworkGateway(gatewayAddress.apply(i), 15443))));
    }
    SortedMap<String, MeshPrimary> primaries = new TreeMap<>();
    RECIPIENT_KEYS.forEach(
        (primary, key) ->
            primaries.put(primary, new MeshPrimary(gatewayAddress.apply(index(primary)), key)));
    return new MeshRecord(MESH, 123_456, "v1.28.1", networks, primaries, cni(), placement(), true);
  }

  /** A primary's desired record names no peer (its peers are on the credentials topic). */
  @Test
  void theDesiredRecordOfAPrimaryIsSmall() throws Exception {
    DesiredMembership desired =
        new DesiredMembership(
            MESH,
            cluster(0),
            Role.PRIMARY,
            network(0),
            null,
            "v1.28.1",
            cni(),
            placement(),
            "https://api.cluster-0000.eu-west-1.example.internal:6443",
            123_456,
            42,
            signingKey(),
            pem("CERTIFICATE", 1_400),
            pem("CERTIFICATE", 1_400),
            "kubernetes.default.svc",
            true);

    assertFits("DesiredMembership of a primary (serving remotes)", desired, SMALL);
  }

  @Test
  void theSharedCredentialOfAMemberSealedForEveryPrimaryFits() throws Exception {
    String sender = cluster(123);
    CredentialEnvelope envelope = envelope(sender, RECIPIENT_KEYS);
    SortedMap<String, String> appliedBy = new TreeMap<>();
    RECIPIENT_KEYS.keySet().forEach(r -> appliedBy.put(r, credentialId(sender)));
    SharedCredential credential =
        new SharedCredential(
            MESH,
            sender,
            987_654,
            "https://api.cluster-0123.eu-west-1.example.internal:6443",
            envelope,
            appliedBy);

    assertThat(credential.credential().recipients()).hasSize(PRIMARIES);
    assertFits("SharedCredential of a remote (sealed for 100 primaries)", credential);
  }

  @Test
  void theStatusOfARemoteCarryingItsCredentialFits() throws Exception {
    String self = cluster(123);
    ClusterStatus status = status(self, envelope(self, RECIPIENT_KEYS), null);

    assertThat(status.sharedCredential().recipients()).hasSize(PRIMARIES);
    assertFits("ClusterStatus of a remote (sharedCredential for 100 primaries)", status, LIMIT);
  }

  /** Once the remote's record on the credentials topic carries its envelope. */
  @Test
  void theStatusOfARemoteWhoseRecordCarriesItsCredentialIsSmall() throws Exception {
    ClusterStatus status = status(cluster(123), null, null);

    assertThat(status.sharedCredentialId()).isEqualTo(credentialId(cluster(123)));
    assertFits("ClusterStatus of a remote (sharedCredentialId only)", status, SMALL);
  }

  /** Until the primary's record on the credentials topic carries its envelope. */
  @Test
  void theStatusOfAPrimarySendingItsCredentialFits() throws Exception {
    String self = cluster(0);
    ClusterStatus status = status(self, envelope(self, otherPrimaries(self)), everyPeerOf(self));

    assertThat(status.appliedCredentialsCount()).isEqualTo(CLUSTERS - 1);
    assertThat(status.sharedCredential().recipients()).hasSize(PRIMARIES - 1);
    assertFits(
        "ClusterStatus of a primary (digest of 999 peers, sharedCredential for 99 primaries)",
        status,
        LIMIT);
  }

  /**
   * What a primary sends on every change and heartbeat once its record carries its envelope: the
   * same size in a mesh of any size.
   */
  @Test
  void theStatusOfAPrimaryWithEveryPeersCredentialAppliedIsSmall() throws Exception {
    String self = cluster(0);
    ClusterStatus status = status(self, null, everyPeerOf(self));

    assertThat(status.appliedCredentialsCount()).isEqualTo(CLUSTERS - 1);
    assertThat(status.appliedCredentials()).isEmpty();
    assertThat(status.sharedCredential()).isNull();
    assertFits("ClusterStatus of a primary (digest of 999 peers, no envelope)", status, SMALL);
  }

  private static SortedMap<String, String> otherPrimaries(String self) {
    SortedMap<String, String> others = new TreeMap<>(RECIPIENT_KEYS);
    others.remove(self);
    return others;
  }

  /** Every other member's current credential id, as a primary applied them all. */
  private static SortedMap<String, String> everyPeerOf(String self) {
    SortedMap<String, String> applied = new TreeMap<>();
    for (int i = 0; i < CLUSTERS; i++) {
      if (!cluster(i).equals(self)) {
        applied.put(cluster(i), credentialId(cluster(i)));
      }
    }
    return applied;
  }

  private static void assertFits(String what, MeshEvent event) throws Exception {
    assertFits(what, event, LIMIT);
  }

  private static void assertFits(String what, MeshEvent event, int limit) throws Exception {
    byte[] wire = EventCodec.encode(event);
    EventType type = EventType.of(event);

    System.out.printf(
        "wire v2 record size: %-90s %,9d bytes (%6.1f KiB of %d KiB)%n",
        what, wire.length, wire.length / 1024.0, limit / 1024);
    assertThat(EventCodec.decode(type.ceType(), wire)).isEqualTo(event);
    assertThat(SchemaValidator.validate(type, EventJson.mapper().readTree(wire))).isEmpty();
    assertThat(wire.length).as("%s in bytes", what).isLessThan(limit);
  }

  /**
   * A ready member's status: its shared credential's id always, the envelope itself if {@code
   * shared} is set, and for a primary ({@code applied} set) the digest and count of the peers'
   * credentials it applied.
   */
  private static ClusterStatus status(
      String self, CredentialEnvelope shared, SortedMap<String, String> applied) {
    int i = index(self);
    return new ClusterStatus(
        MESH,
        self,
        Phase.READY,
        List.of(
            new Condition("IstioReady", Condition.TRUE, "Healthy", null, NOW),
            new Condition("IstioCniReady", Condition.TRUE, "Healthy", null, NOW),
            new Condition("GatewayReady", Condition.TRUE, "Healthy", null, NOW),
            new Condition("RemoteSecretsReady", Condition.TRUE, "Applied", null, NOW),
            new Condition(
                "CaCertsReady",
                Condition.TRUE,
                "RenewalRequested",
                "intermediate due for renewal; a new CSR is pending",
                NOW)),
        123_456,
        123_456,
        List.of(GatewayAddress.ip(address(i))),
        "0.2.0",
        List.of(
            new Locality("eu-west-1", "eu-west-1a", null),
            new Locality("eu-west-1", "eu-west-1b", null),
            new Locality("eu-west-1", "eu-west-1c", null)),
        "https://api." + self + ".eu-west-1.example.internal:6443",
        NOW,
        pem("CERTIFICATE REQUEST", 700),
        NOW.plusSeconds(365L * 86_400),
        signingKey(),
        RECIPIENT_KEYS.getOrDefault(self, RECIPIENT_KEYS.get(cluster(0))),
        null,
        null,
        shared,
        credentialId(self),
        applied == null ? null : AppliedCredentials.digest(applied),
        applied == null ? null : applied.size(),
        NOW.toEpochMilli());
  }

  /** The sender's kubeconfig really sealed for the recipients, as its agent shares it. */
  private static CredentialEnvelope envelope(String sender, Map<String, String> recipients) {
    String credentialId = credentialId(sender);
    SealedEnvelope sealed =
        SealedEnvelope.seal(
            KUBECONFIG, sender, SealedCredential.REMOTE_SECRET, credentialId, recipients);
    return new CredentialEnvelope(
        SealedCredential.REMOTE_SECRET,
        credentialId,
        NOW.plusSeconds(7L * 86_400),
        sealed.ciphertext(),
        sealed.wrappedKeys());
  }

  /**
   * A remote-secret kubeconfig of about 1.2 KB in the layout of {@code istioctl
   * create-remote-secret}: a service-account JWT and a short CA bundle.
   */
  private static byte[] kubeconfig(String cluster) {
    String token =
        "eyJhbGciOiJSUzI1NiIsImtpZCI6InJlYWRlciJ9."
            + "eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0".repeat(7)
            + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1vZi10aGUtcmVhZGVy";
    String caData = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJ".repeat(11);
    String yaml =
        """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: %2$s
            server: https://api.%1$s.eu-west-1.example.internal:6443
          name: %1$s
        contexts:
        - context:
            cluster: %1$s
            user: %1$s
          name: %1$s
        current-context: %1$s
        kind: Config
        users:
        - name: %1$s
          user:
            token: %3$s
        """
            .formatted(cluster, caData, token);
    return yaml.getBytes(StandardCharsets.UTF_8);
  }

  /** The id of a member's current credential: its 16th. */
  private static String credentialId(String cluster) {
    return cluster + "-16";
  }

  private static String cluster(int i) {
    return "cluster-%04d".formatted(i);
  }

  private static String network(int i) {
    return "network-%04d".formatted(i);
  }

  private static int index(String cluster) {
    return Integer.parseInt(cluster.substring("cluster-".length()));
  }

  /** A private address of the longest dotted form, one per cluster. */
  private static String address(int i) {
    return "10.%d.%d.%d".formatted(100 + i / 100, 100 + i % 100, 200 + i % 50);
  }

  /** An AWS network load balancer's name, one per cluster. */
  private static String hostname(int i) {
    return "a%031x-%016x.elb.eu-west-1.amazonaws.com".formatted(i * 7_919L, i * 104_729L);
  }

  private static String signingKey() {
    return "MCowBQYDK2VwAyEAihVllnu0vcu0Itja+u0QPMc/2EGdHgUh7edJmY9sXIY=";
  }

  /** A PEM block of about {@code size} characters, as an ECDSA or RSA certificate or CSR is. */
  private static String pem(String label, int size) {
    StringBuilder body = new StringBuilder();
    String line = "MIIDxTCCAq2gAwIBAgIUQkVbXwK7cGFtcGxlLWNlcnRpZmljYXRlLWJvZHkwDQYJ";
    while (body.length() < size) {
      body.append(line).append('\n');
    }
    return "-----BEGIN " + label + "-----\n" + body + "-----END " + label + "-----\n";
  }

  private static CniSettings cni() {
    return new CniSettings("/var/lib/cni/net.d", List.of("kube-system", "openshift-sdn"));
  }

  private static GatewayPlacement placement() {
    return new GatewayPlacement(
        Map.of("node-role.kubernetes.io/infra", ""),
        List.of(
            new Toleration("node-role.kubernetes.io/infra", "Equal", "reserved", "NoSchedule")));
  }
}
