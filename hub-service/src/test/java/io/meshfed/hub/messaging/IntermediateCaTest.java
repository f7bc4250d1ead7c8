package io.meshfed.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Management;
import io.meshfed.hub.support.Records;
import io.meshfed.security.ca.CaCertsBundle;
import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.seal.SealedEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The hub as the mesh's CA and credential router: a declared mesh gets its root (kept on disk, not
 * on Kafka), a member's intermediate CA request comes back signed in its desired record, and the
 * credentials a member seals for its peers reach them through the mesh record.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(6)
class IntermediateCaTest extends HubFixture {

  @Inject HubConfig config;

  private static ClusterStatus status(
      String mesh, String cluster, String csr, String recipientKey, CredentialEnvelope shared) {
    return status(mesh, cluster, Phase.INSTALLING, csr, recipientKey, shared);
  }

  private static ClusterStatus status(
      String mesh,
      String cluster,
      Phase phase,
      String csr,
      String recipientKey,
      CredentialEnvelope shared) {
    return new ClusterStatus(
        mesh,
        cluster,
        phase,
        List.of(),
        1,
        2,
        List.of(),
        "test",
        List.of(),
        null,
        Instant.now(),
        csr,
        null,
        null,
        recipientKey,
        null,
        null,
        shared,
        null,
        null,
        null);
  }

  private List<DesiredMembership> desired(String cluster) {
    return sent(Topics.DESIRED, r -> cluster.equals(r.key())).stream()
        .map(r -> r.as(DesiredMembership.class))
        .toList();
  }

  @Test
  void requestComesBackSignedForExactlyThatClusterAndChainsToTheMeshRoot() throws Exception {
    declare("ca-a").statusCode(202);
    Path meshDir = config.ca().dir().resolve("ca-a");
    assertThat(meshDir.resolve("root-key.pem")).exists();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(meshDir.resolve("root-key.pem"))))
        .isEqualTo("rw-------");
    joinWithKey("ca-a", "ca1", "{\"role\":\"PRIMARY\"}").statusCode(202);
    IntermediateCsr pending = IntermediateCsr.generate("ca1", CaKeyType.EC_P256);

    sendStatus(Records.status("ca1", status("ca-a", "ca1", pending.csrPem(), null, null)));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(desired("ca1")).hasSize(2));
    DesiredMembership signed = desired("ca1").get(1);
    assertThat(signed.generation()).isEqualTo(2);
    CaCertsBundle bundle =
        CaCertsBundle.of(
            signed.intermediateCertificate(), pending.privateKeyPem(), signed.rootCertificate());
    assertThat(bundle.secretData()).containsKeys("ca-cert.pem", "root-cert.pem", "cert-chain.pem");
    assertThat(signed.rootCertificate())
        .isEqualTo(Files.readString(meshDir.resolve("root-cert.pem"), StandardCharsets.US_ASCII));
    for (var record : sent(Topics.DESIRED)) {
      assertThat(
              new String(
                  record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8))
          .doesNotContain("PRIVATE KEY");
    }

    // The agent reports the same request until it has applied the certificate: nothing new.
    sendStatus(
        Records.status("ca1", status("ca-a", "ca1", Phase.DEGRADED, pending.csrPem(), null, null)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                get("/api/v1/meshes/ca-a")
                    .body("clusters[0].phase", org.hamcrest.Matchers.equalTo("Degraded")));
    assertThat(desired("ca1")).hasSize(2);
    assertThat(Management.metrics())
        .contains("meshfed_hub_intermediate_requests_total{mesh=\"ca-a\",outcome=\"issued\"} 1.0");
  }

  @Test
  void requestNamingAnotherClusterIsRefusedAndChangesNothing() {
    declare("ca-b").statusCode(202);
    joinWithKey("ca-b", "honest", "{\"role\":\"PRIMARY\"}").statusCode(202);
    IntermediateCsr forOther = IntermediateCsr.generate("someone-else", CaKeyType.EC_P256);

    sendStatus(Records.status("honest", status("ca-b", "honest", forOther.csrPem(), null, null)));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sent(Topics.DLQ, r -> "honest".equals(r.key())))
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.header("dead-letter-cause")).isEqualTo("WrongCluster");
                          assertThat(r.header("dead-letter-reason")).contains("honest");
                        }));
    assertThat(desired("honest")).hasSize(1);
    get("/api/v1/meshes/ca-b").body("clusters[0].phase", org.hamcrest.Matchers.equalTo("Pending"));
    assertThat(Management.metrics())
        .contains("meshfed_hub_status_rejected_total{mesh=\"ca-b\",reason=\"WrongCluster\"} 1.0");
  }

  @Test
  void aSealedCredentialReachesItsRecipientThroughTheSendersCredentialRecord() throws Exception {
    declare("ca-c").statusCode(202);
    joinWithKey("ca-c", "east", "{\"role\":\"PRIMARY\",\"network\":\"n1\"}").statusCode(202);
    joinWithKey("ca-c", "west", "{\"role\":\"PRIMARY\",\"network\":\"n2\"}").statusCode(202);
    RecipientKeys westKeys = RecipientKeys.generate();
    sendStatus(Records.status("west", status("ca-c", "west", null, westKeys.publicKeyset(), null)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(lastMeshRecord("ca-c").primaries().get("west").recipientPublicKey())
                    .isEqualTo(westKeys.publicKeyset()));
    int meshRecords = sent(Topics.MESHES, r -> "ca-c".equals(r.key())).size();

    // east reads west's key from the mesh record and seals its kubeconfig once for its recipients.
    String westKey = lastMeshRecord("ca-c").primaries().get("west").recipientPublicKey();
    byte[] kubeconfig = "apiVersion: v1\nkind: Config\n".getBytes(StandardCharsets.UTF_8);
    SealedEnvelope sealed =
        SealedEnvelope.seal(
            kubeconfig, "east", SealContext.REMOTE_SECRET, "east-1", Map.of("west", westKey));
    sendStatus(
        Records.status(
            "east",
            status(
                "ca-c",
                "east",
                null,
                null,
                new CredentialEnvelope(
                    SealContext.REMOTE_SECRET,
                    "east-1",
                    null,
                    sealed.ciphertext(),
                    sealed.wrappedKeys()))));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(lastCredential("east"))
                    .satisfies(c -> assertThat(c.credential()).isNotNull()));
    SharedCredential east = lastCredential("east");
    assertThat(east.meshId()).isEqualTo("ca-c");
    assertThat(east.credential().credentialId()).isEqualTo("east-1");
    SealedEnvelope received =
        new SealedEnvelope(east.credential().ciphertext(), east.credential().recipients());
    assertThat(received.open(westKeys, "east", "west", SealContext.REMOTE_SECRET, "east-1"))
        .isEqualTo(kubeconfig);
    assertThat(sent(Topics.MESHES, r -> "ca-c".equals(r.key())))
        .as("a credential costs no mesh record")
        .hasSize(meshRecords);
  }

  private SharedCredential lastCredential(String sender) {
    List<Records.Sent> records = sent(Topics.CREDENTIALS, r -> sender.equals(r.key()));
    assertThat(records).isNotEmpty();
    return records.get(records.size() - 1).as(SharedCredential.class);
  }

  private MeshRecord lastMeshRecord(String mesh) {
    List<MeshRecord> records =
        sent(Topics.MESHES, r -> mesh.equals(r.key())).stream()
            .map(r -> r.as(MeshRecord.class))
            .toList();
    return records.get(records.size() - 1);
  }
}
