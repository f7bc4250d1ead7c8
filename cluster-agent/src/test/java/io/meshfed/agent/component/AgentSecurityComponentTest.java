package io.meshfed.agent.component;

import static io.meshfed.agent.component.AgentTestResources.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.agent.model.MeshfedLabels;
import io.meshfed.agent.model.SeedTopologies;
import io.meshfed.agent.reconcile.DesiredStateStore;
import io.meshfed.agent.reconcile.ReconcileLoop;
import io.meshfed.agent.resource.ManagedKind;
import io.meshfed.agent.resource.ResourceApplier;
import io.meshfed.agent.security.AgentKeyStore;
import io.meshfed.agent.security.AgentKeysSecret;
import io.meshfed.agent.security.ReaderTokenSecrets;
import io.meshfed.agent.security.SecretData;
import io.meshfed.agent.security.TestCa;
import io.meshfed.agent.status.StatusConditions;
import io.meshfed.events.Topics;
import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.security.ca.CaCertsBundle;
import io.meshfed.security.kubeconfig.ClearTextScanner;
import io.meshfed.security.kubeconfig.RemoteKubeconfig;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.seal.SealedEnvelope;
import io.meshfed.security.sign.RecordVerifier;
import io.meshfed.security.sign.SigningKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agent's keys, signed status, trust chain and remote-secret credentials against the mock API
 * server and the in-memory connector. The test plays the hub (it signs the intermediate request and
 * routes credentials on {@code meshfed.credentials.v1}), the peer cluster2 (its keys and sealed
 * kubeconfig are made with the security library), the Sail operator and the API server's
 * TokenRequest API.
 */
@QuarkusTest
@TestProfile(SecurityProfile.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(AgentTestResources.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentSecurityComponentTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String SYSTEM = IstioNames.ISTIO_SYSTEM;
  private static final String MESH = "mesh-s";
  private static final String PEER = "cluster2";
  private static final String THIRD = "cluster3";
  private static final String PEER_API = "https://api.cluster2.example:6443";
  private static final TestCa HUB = new TestCa(MESH);
  private static final String API_CA = SecurityProfile.API_CA;
  private static final RecipientKeys PEER_KEYS = RecipientKeys.generate();
  private static final String PEER_KUBECONFIG =
      RemoteKubeconfig.render(PEER, PEER_API, API_CA, "peer-reader-token-0123456789abcdef");
  private static final String THIRD_API = "https://api.cluster3.example:6443";
  private static final RecipientKeys THIRD_KEYS = RecipientKeys.generate();
  private static final String THIRD_KUBECONFIG =
      RemoteKubeconfig.render(THIRD, THIRD_API, API_CA, "third-reader-token-0123456789abcdef");

  /** The TokenRequests the agent sent, in order. */
  private static final List<JsonNode> TOKEN_REQUESTS = new CopyOnWriteArrayList<>();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What earlier steps left for later ones. */
  private static final Map<String, String> SEEN = new TreeMap<>();

  @KubernetesTestServer KubernetesServer server;

  @Inject @Any InMemoryConnector connector;
  @Inject KubernetesClient agentClient;
  @Inject AgentMetrics metrics;
  @Inject AgentConfig config;
  @Inject MeterRegistry registry;
  @Inject ReconcileLoop loop;
  @Inject DesiredStateStore store;
  @Inject MovableClock clock;

  private static KubernetesClient testClient;

  private KubernetesClient k8s() {
    if (testClient == null) {
      testClient = ApiCallRecorder.testClient(server);
    }
    return testClient;
  }

  @AfterEach
  void recordApiCalls() {
    ApiCallRecorder.drain(server);
  }

  @AfterAll
  static void writeApiCalls() {
    ApiCallRecorder.write();
    if (testClient != null) {
      testClient.close();
      testClient = null;
    }
  }

  @Test
  @Order(1)
  void theKeysAreMadeInTheClusterBeforeAnythingElse() {
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(keysSecret()).isNotNull());

    Secret keys = keysSecret();
    assertThat(keys.getMetadata().getLabels())
        .containsEntry(MeshfedLabels.MANAGED_BY, MeshfedLabels.MANAGED_BY_VALUE)
        .containsEntry(AgentKeysSecret.COMPONENT_LABEL, AgentKeysSecret.COMPONENT)
        .doesNotContainKey(MeshfedLabels.CLUSTER);
    assertThat(keys.getData())
        .containsKeys(
            AgentKeysSecret.SIGNING_KEY,
            AgentKeysSecret.SIGNING_PUBLIC_KEY,
            AgentKeysSecret.RECIPIENT_KEYSET,
            AgentKeysSecret.RECIPIENT_PUBLIC_KEYSET);
    assertThat(k8s().namespaces().withName(SYSTEM).get().getMetadata().getLabels())
        .as("the keys' namespace is not meshfed's: a leave keeps it")
        .doesNotContainKey(MeshfedLabels.MANAGED_BY);
    assertThat(k8s().secrets().inNamespace(SYSTEM).list().getItems())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly(AgentKeysSecret.NAME);
    assertThat(statuses()).as("no status before the cluster is in a mesh").isEmpty();
    SEEN.put("signing-public-key", entry(keys, AgentKeysSecret.SIGNING_PUBLIC_KEY));
    SEEN.put("recipient-public-keyset", entry(keys, AgentKeysSecret.RECIPIENT_PUBLIC_KEYSET));
  }

  @Test
  @Order(2)
  void aJoinedClusterRequestsItsIntermediateAndIstioWaitsForIt() {
    connector.source("meshes").send(Records.event(MESH, mesh(1, false)));
    connector.source("credentials").send(Records.event(PEER, peerRecord(1, PEER, PEER_API, null)));
    connector.source("desired").send(Records.event(CLUSTER, desired()));

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(lastStatus().intermediateCsr()).isNotBlank());
    ClusterStatus status = lastStatus();
    assertThat(status.phase()).isEqualTo(Phase.INSTALLING);
    assertThat(status.condition(StatusConditions.TRUST_CHAIN))
        .get()
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.FALSE, "WaitingForIntermediate");
    assertThat(status.condition(StatusConditions.ISTIO_READY))
        .get()
        .extracting(Condition::reason)
        .isEqualTo("WaitingForIntermediateCa");
    assertThat(istio()).isNull();
    assertThat(k8s().secrets().inNamespace(SYSTEM).withName("cacerts").get()).isNull();
    // the request's key was kept in the cluster before the request went out
    Secret keys = keysSecret();
    assertThat(entry(keys, AgentKeysSecret.INTERMEDIATE_CSR)).isEqualTo(status.intermediateCsr());
    SEEN.put("intermediate-key", entry(keys, AgentKeysSecret.INTERMEDIATE_KEY));
    assertThat(status.signingPublicKey()).isEqualTo(SEEN.get("signing-public-key"));
    assertThat(status.recipientPublicKey()).isEqualTo(SEEN.get("recipient-public-keyset"));
  }

  @Test
  @Order(3)
  void everyStatusRecordIsSignedWithTheKeyInTheCluster() {
    var key = SigningKeys.decodePublicKey(SEEN.get("signing-public-key"));
    List<Message<byte[]>> messages = statusMessages();
    assertThat(messages).isNotEmpty();
    for (Message<byte[]> m : messages) {
      OutgoingKafkaRecordMetadata<?> metadata =
          m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
      assertThat(metadata.getKey()).isEqualTo(CLUSTER);
      String signature = KafkaEvents.header(metadata.getHeaders(), CloudEventHeaders.SIGNATURE);
      assertThat(RecordVerifier.verify(key, CLUSTER, m.getPayload(), signature)).isTrue();
      assertThat(RecordVerifier.verify(key, PEER, m.getPayload(), signature))
          .as("the signature covers the record key")
          .isFalse();
      assertThat(KafkaEvents.header(metadata.getHeaders(), CloudEventHeaders.KEY_ID))
          .isEqualTo(SigningKeys.fingerprint(key));
    }
  }

  @Test
  @Order(4)
  void theIntermediateTheHubIssuedBecomesCacertsAndIstioFollows() {
    ClusterStatus asking = lastStatus();
    // A Kafka writer without the hub's key answers the request first, with a root of its own.
    TestCa attacker = new TestCa(MESH);
    DesiredMembership forged = attacker.answer(desired(), asking.intermediateCsr());
    Tracked unsigned = Tracked.of(Records.unsigned(Records.event(CLUSTER, forged)));
    Tracked signedByAnother =
        Tracked.of(
            Records.signedBy(SigningKeys.generate().getPrivate(), Records.event(CLUSTER, forged)));
    connector.source("desired").send(unsigned.message());
    connector.source("desired").send(signedByAnother.message());
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(unsigned.nacked()).isCompleted();
              assertThat(signedByAnother.nacked()).isCompleted();
            });
    assertThat(unsigned.nacked().join().getMessage())
        .isEqualTo("the record carries no signature of the hub");
    assertThat(signedByAnother.nacked().join().getMessage())
        .isEqualTo("the record's signature does not verify with the hub's pinned keys");
    assertThat(secret(CaCertsBundle.SECRET_NAME)).as("cacerts of the attacker's root").isEmpty();
    assertThat(lastStatus().intermediateCsr()).as("the request is still open").isNotNull();

    DesiredMembership answered = HUB.answer(desired(), asking.intermediateCsr());
    connector.source("desired").send(Records.event(CLUSTER, answered));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(istio()).isNotNull();
              ClusterStatus status = lastStatus();
              assertThat(status.intermediateCsr()).isNull();
              assertThat(status.intermediateNotAfter()).isNotNull();
              assertThat(status.condition(StatusConditions.TRUST_CHAIN))
                  .get()
                  .extracting(Condition::status, Condition::reason)
                  .containsExactly(Condition.TRUE, "Installed");
            });
    Map<String, String> cacerts = SecretData.of(secret(CaCertsBundle.SECRET_NAME).orElseThrow());
    assertThat(cacerts)
        .containsOnlyKeys("ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem");
    assertThat(cacerts.get("ca-key.pem")).isEqualTo(SEEN.get("intermediate-key"));
    assertThat(cacerts.get("root-cert.pem")).isEqualTo(HUB.rootPem());
    assertThat(cacerts.get("cert-chain.pem"))
        .isEqualTo(cacerts.get("ca-cert.pem") + cacerts.get("root-cert.pem"));
    assertThat(keysSecret().getData())
        .as("the intermediate key moved to cacerts")
        .doesNotContainKeys(AgentKeysSecret.INTERMEDIATE_KEY, AgentKeysSecret.INTERMEDIATE_CSR);
  }

  @Test
  @Order(5)
  void aCredentialThePeerSealedBecomesItsRemoteSecret() {
    assertThat(lastStatus().condition(StatusConditions.REMOTE_CREDENTIALS))
        .get()
        .extracting(Condition::reason)
        .isEqualTo(StatusConditions.WAITING_FOR_CREDENTIAL);
    connector
        .source("credentials")
        .send(
            Records.event(
                PEER,
                peerRecord(2, PEER, PEER_API, sealedByPeer(PEER, "cluster2-1", PEER_KUBECONFIG))));

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertApplied(lastStatus(), Map.of(PEER, "cluster2-1")));
    Secret remote =
        k8s().secrets().inNamespace(SYSTEM).withName("istio-remote-secret-" + PEER).get();
    assertThat(remote.getMetadata().getLabels()).containsEntry("istio/multiCluster", "true");
    assertThat(remote.getMetadata().getAnnotations())
        .containsEntry("networking.istio.io/cluster", PEER)
        .containsEntry("meshfed.io/credential-id", "cluster2-1");
    String kubeconfig = decode(remote.getData().get(PEER));
    assertThat(kubeconfig).isEqualTo(PEER_KUBECONFIG);
    Config working = Config.fromKubeconfig(kubeconfig);
    assertThat(working.getMasterUrl()).startsWith(PEER_API);
    assertThat(working.getAutoOAuthToken()).isEqualTo("peer-reader-token-0123456789abcdef");
    assertThat(decode(working.getCaCertData())).isEqualTo(API_CA);
    assertThat(lastStatus().condition(StatusConditions.REMOTE_CREDENTIALS))
        .get()
        .extracting(Condition::status)
        .isEqualTo(Condition.TRUE);
  }

  @Test
  @Order(6)
  void aTamperedCredentialIsRefusedAndNothingIsWrittenForIt() {
    // cluster3 joins as a primary: its record makes it a peer (this cluster's desired record does
    // not change), so this cluster holds its remote secret too
    connector.source("meshes").send(Records.event(MESH, mesh(2, true)));
    connector
        .source("credentials")
        .send(
            Records.event(
                PEER,
                peerRecord(
                    3, PEER, PEER_API, tamper(sealedByPeer(PEER, "cluster2-2", PEER_KUBECONFIG)))));
    connector
        .source("credentials")
        .send(
            Records.event(
                THIRD,
                peerRecord(
                    1,
                    THIRD,
                    THIRD_API,
                    tamper(sealedByPeer(THIRD, "cluster3-1", THIRD_KUBECONFIG)))));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Condition credentials =
                  lastStatus().condition(StatusConditions.REMOTE_CREDENTIALS).orElseThrow();
              assertThat(credentials.status()).isEqualTo(Condition.FALSE);
              assertThat(credentials.reason()).isEqualTo("CiphertextRefused");
              assertThat(credentials.message()).contains("peer " + PEER).contains("peer " + THIRD);
            });
    assertThat(k8s().secrets().inNamespace(SYSTEM).withName("istio-remote-secret-" + THIRD).get())
        .as("no secret from a credential that did not open")
        .isNull();
    Secret kept = k8s().secrets().inNamespace(SYSTEM).withName("istio-remote-secret-" + PEER).get();
    assertThat(decode(kept.getData().get(PEER))).isEqualTo(PEER_KUBECONFIG);
    assertThat(kept.getMetadata().getAnnotations())
        .containsEntry("meshfed.io/credential-id", "cluster2-1");
    ClusterStatus status = lastStatus();
    assertApplied(status, Map.of(PEER, "cluster2-1"));
    assertThat(status.condition(StatusConditions.READY))
        .get()
        .extracting(Condition::status)
        .isEqualTo(Condition.FALSE);
    assertThat(counter(AgentMetrics.CREDENTIALS_REFUSED_TOTAL, "reason", "CiphertextRefused"))
        .isEqualTo(2.0);

    // cluster3 leaves again (its record is tombstoned), and cluster2's credential is the one
    // applied before
    connector.source("meshes").send(Records.event(MESH, mesh(3, false)));
    connector.source("credentials").send(Records.tombstone(Topics.CREDENTIALS, THIRD));
    connector
        .source("credentials")
        .send(
            Records.event(
                PEER,
                peerRecord(4, PEER, PEER_API, sealedByPeer(PEER, "cluster2-1", PEER_KUBECONFIG))));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(lastStatus().condition(StatusConditions.REMOTE_CREDENTIALS))
                    .get()
                    .extracting(Condition::status)
                    .isEqualTo(Condition.TRUE));
  }

  @Test
  @Order(7)
  void aCredentialThatPointsAtAnotherServerThanThePeersRecordIsRefused() {
    String elsewhere =
        RemoteKubeconfig.render(
            PEER, "https://elsewhere.example:6443", API_CA, "peer-reader-token-fedcba9876543210");
    connector
        .source("credentials")
        .send(
            Records.event(
                PEER, peerRecord(5, PEER, PEER_API, sealedByPeer(PEER, "cluster2-3", elsewhere))));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Condition credentials =
                  lastStatus().condition(StatusConditions.REMOTE_CREDENTIALS).orElseThrow();
              assertThat(credentials.status()).isEqualTo(Condition.FALSE);
              assertThat(credentials.reason()).isEqualTo("ApiServerMismatch");
              assertThat(credentials.message())
                  .contains("https://elsewhere.example:6443")
                  .contains(PEER_API);
            });
    Secret kept = k8s().secrets().inNamespace(SYSTEM).withName("istio-remote-secret-" + PEER).get();
    assertThat(decode(kept.getData().get(PEER))).isEqualTo(PEER_KUBECONFIG);
    assertApplied(lastStatus(), Map.of(PEER, "cluster2-1"));
    assertThat(counter(AgentMetrics.CREDENTIALS_REFUSED_TOTAL, "reason", "ApiServerMismatch"))
        .isEqualTo(1.0);

    connector
        .source("credentials")
        .send(
            Records.event(
                PEER,
                peerRecord(6, PEER, PEER_API, sealedByPeer(PEER, "cluster2-1", PEER_KUBECONFIG))));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(lastStatus().condition(StatusConditions.REMOTE_CREDENTIALS))
                    .get()
                    .extracting(Condition::status)
                    .isEqualTo(Condition.TRUE));
  }

  @Test
  @Order(8)
  void itsOwnReaderCredentialIsABoundTokenSealedForThePeer() throws Exception {
    assertThat(tokenSecrets()).as("no reader account yet, no token").isEmpty();
    apiServerIssuesTokens();
    agentsChartMadeTheReaderAccount();

    Secret token = awaitTokenSecrets(1).get(0);
    assertThat(token.getType())
        .as("not a legacy token Secret: no token controller fills it")
        .isEqualTo("Opaque");
    assertThat(k8s().serviceAccounts().inNamespace(SYSTEM).withName("meshfed-reader").get())
        .isNotNull();
    String credentialId = token.getMetadata().getAnnotations().get("meshfed.io/credential-id");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              CredentialEnvelope shared = lastStatus().sharedCredential();
              assertThat(shared)
                  .as("sealed at mesh revision %d", lastStatus().observedMeshRevision())
                  .isNotNull();
              assertThat(shared.recipients()).containsOnlyKeys(PEER);
              assertThat(shared.credentialId()).isEqualTo(credentialId);
            });
    JsonNode request = TOKEN_REQUESTS.get(0);
    assertThat(request.path("spec").path("boundObjectRef").path("kind").asText())
        .isEqualTo("Secret");
    assertThat(request.path("spec").path("boundObjectRef").path("name").asText())
        .isEqualTo(token.getMetadata().getName());
    assertThat(request.path("spec").path("boundObjectRef").path("uid").asText())
        .as("bound to this very Secret: deleting it revokes the token")
        .isEqualTo(token.getMetadata().getUid());
    assertThat(request.path("spec").path("expirationSeconds").asLong())
        .as("valid no longer than the generation")
        .isBetween(
            config.security().readerTokenLifetime().toSeconds() - 60,
            config.security().readerTokenLifetime().toSeconds());
    assertThat(lastStatus().sealedCredentials()).as("no longer written").isEmpty();
    Config kubeconfig = openAsPeer(lastStatus().sharedCredential());
    assertThat(kubeconfig.getMasterUrl()).startsWith(SecurityProfile.API_SERVER_URL);
    assertThat(kubeconfig.getAutoOAuthToken()).isEqualTo(issuedToken(1));
    assertThat(kubeconfig.getCaCertData())
        .as("the CA the agent's own client trusts")
        .isEqualTo(agentClient.getConfiguration().getCaCertData());
    assertThat(decode(kubeconfig.getCaCertData())).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(
            k8s()
                .secrets()
                .inNamespace(SYSTEM)
                .withName(token.getMetadata().getName())
                .get()
                .getData())
        .as("the Secret keeps the token it is bound to")
        .containsEntry(ReaderTokenSecrets.TOKEN, SecretData.encode(issuedToken(1)));
    assertThat(lastStatus().condition(StatusConditions.CREDENTIALS_SHARED))
        .get()
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.TRUE, "Sealed");
    assertThat(lastStatus().sharedCredentialId()).isEqualTo(credentialId);
    SEEN.put("first-token", token.getMetadata().getName());
    SEEN.put("first-credential", credentialId);
  }

  @Test
  @Order(9)
  void theEnvelopeIsSentUntilItsOwnRecordCarriesItAndAgainWhenTheRecordChangesAwayFromIt() {
    CredentialEnvelope sent = lastStatus().sharedCredential();
    assertThat(sent).isNotNull();
    String id = sent.credentialId();

    // the hub routes it: this cluster's own record now carries exactly that envelope
    connector.source("credentials").send(Records.event(CLUSTER, ownRecord(1, sent, Map.of())));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              ClusterStatus status = lastStatus();
              assertThat(status.sharedCredential()).as("left out").isNull();
              assertThat(status.sharedCredentialId()).isEqualTo(id);
            });
    int sizeWithout = lastStatusBytes();

    // the record changes away from it (another ciphertext under the same id): sent again
    connector
        .source("credentials")
        .send(Records.event(CLUSTER, ownRecord(2, tamper(sent), Map.of())));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(lastStatus().sharedCredential()).isEqualTo(sent));
    assertThat(lastStatus().sharedCredentialId()).isEqualTo(id);
    assertThat(lastStatusBytes()).isGreaterThan(sizeWithout);

    connector.source("credentials").send(Records.event(CLUSTER, ownRecord(3, sent, Map.of())));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(lastStatus().sharedCredential()).isNull());

    // the record disappears: sent again
    connector.source("credentials").send(Records.tombstone(Topics.CREDENTIALS, CLUSTER));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(lastStatus().sharedCredential()).isEqualTo(sent));

    connector.source("credentials").send(Records.event(CLUSTER, ownRecord(4, sent, Map.of())));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(lastStatus().sharedCredential()).isNull();
              assertThat(lastStatus().sharedCredentialId()).isEqualTo(id);
            });
    assertApplied(lastStatus(), Map.of(PEER, "cluster2-1"));
  }

  @Test
  @Order(10)
  void aNewCredentialComesBeforeTheOldExpiresAndTheOldIsRevokedOnceThePeerAppliedTheNew()
      throws Exception {
    clock.advance(Duration.ofDays(4));
    loop.trigger("test: four days later");

    List<Secret> tokens = awaitTokenSecrets(2);
    Secret next =
        tokens.stream()
            .filter(s -> !s.getMetadata().getName().equals(SEEN.get("first-token")))
            .findFirst()
            .orElseThrow();
    String nextId = next.getMetadata().getAnnotations().get("meshfed.io/credential-id");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(lastStatus().sharedCredential())
                    .as("the status carries the new envelope")
                    .isNotNull()
                    .extracting(CredentialEnvelope::credentialId)
                    .isEqualTo(nextId));
    assertThat(openAsPeer(lastStatus().sharedCredential()).getAutoOAuthToken())
        .isEqualTo(issuedToken(2));
    assertThat(tokenSecrets())
        .as("the old token stays until the peer applied the new one")
        .extracting(s -> s.getMetadata().getName())
        .contains(SEEN.get("first-token"));

    // the hub routes the new envelope and what the peer reports applied back in this cluster's
    // own record
    CredentialEnvelope sent = lastStatus().sharedCredential();
    connector
        .source("credentials")
        .send(Records.event(CLUSTER, ownRecord(10, sent, Map.of(PEER, nextId))));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(tokenSecrets())
                    .extracting(s -> s.getMetadata().getName())
                    .containsExactly(next.getMetadata().getName()));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(lastStatus().sharedCredential()).isNull();
              assertThat(lastStatus().sharedCredentialId()).isEqualTo(nextId);
            });
  }

  @Test
  @Order(11)
  void noStatusCarriesAPrivateKeyOrATokenInClearText() {
    List<Message<byte[]>> messages = statusMessages();
    assertThat(messages).hasSizeGreaterThan(5);
    for (Message<byte[]> m : messages) {
      assertThat(ClearTextScanner.scan(m.getPayload())).isEmpty();
      OutgoingKafkaRecordMetadata<?> metadata =
          m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
      metadata
          .getHeaders()
          .forEach(h -> assertThat(ClearTextScanner.scan(h.value())).as(h.key()).isEmpty());
    }
    assertThat(statuses()).anySatisfy(s -> assertThat(s.sharedCredential()).isNotNull());
  }

  @Test
  @Order(12)
  void aRestartedAgentFindsItsKeysAndWritesNoNewOnes() {
    ApiCallRecorder.drain(server);

    AgentKeyStore restarted =
        new AgentKeyStore(CLUSTER, new ResourceApplier(agentClient, metrics, config));

    assertThat(restarted.ensure(true).signingPublicKey()).isEqualTo(SEEN.get("signing-public-key"));
    assertThat(restarted.current().orElseThrow().recipientPublicKey())
        .isEqualTo(SEEN.get("recipient-public-keyset"));
    assertThat(ApiCallRecorder.drain(server)).isNotEmpty().noneMatch(ApiCallRecorder.Call::writes);
  }

  @Test
  @Order(13)
  void leavingRevokesTheTokensAndRemovesTheTrustChainButKeepsTheKeys() {
    connector.source("desired").send(Records.tombstone(Topics.DESIRED, CLUSTER));

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(lastStatus().phase()).isEqualTo(Phase.LEFT));
    assertThat(tokenSecrets()).isEmpty();
    assertThat(secret(CaCertsBundle.SECRET_NAME)).isEmpty();
    assertThat(k8s().secrets().inNamespace(SYSTEM).withName("istio-remote-secret-" + PEER).get())
        .isNull();
    assertThat(k8s().serviceAccounts().inNamespace(SYSTEM).withName("meshfed-reader").get())
        .as("the chart's account is not the agent's to remove")
        .isNotNull();
    assertThat(entry(keysSecret(), AgentKeysSecret.SIGNING_PUBLIC_KEY))
        .isEqualTo(SEEN.get("signing-public-key"));
    assertThat(lastStatus().sharedCredential()).isNull();
  }

  // --- the hub, the peer, the Sail operator and the token controller ---------------------------

  private static DesiredMembership desired() {
    return SeedTopologies.withPlan(
        new DesiredMembership(
            MESH, CLUSTER, Role.PRIMARY, "network1", null, "v1.28.1", null, null, null, 1, 1),
        false);
  }

  /**
   * The mesh record: this cluster and cluster2 as primaries, with cluster3 when {@code third}, each
   * with its recipient key.
   */
  private MeshRecord mesh(long revision, boolean third) {
    String myKey =
        statuses().stream().map(ClusterStatus::recipientPublicKey).findFirst().orElse(null);
    TreeMap<String, MeshPrimary> primaries = new TreeMap<>();
    primaries.put(CLUSTER, new MeshPrimary(null, myKey));
    primaries.put(PEER, new MeshPrimary(null, PEER_KEYS.publicKeyset()));
    if (third) {
      primaries.put(THIRD, new MeshPrimary(null, THIRD_KEYS.publicKeyset()));
    }
    return new MeshRecord(MESH, revision, "v1.28.1", new TreeMap<>(), primaries, null, null, null);
  }

  /** A peer's record on meshfed.credentials.v1, as the hub routes it. */
  private static SharedCredential peerRecord(
      long revision, String peer, String apiServerUrl, CredentialEnvelope envelope) {
    return new SharedCredential(MESH, peer, revision, apiServerUrl, envelope, null);
  }

  /** This cluster's own record on meshfed.credentials.v1, as the hub routes it. */
  private static SharedCredential ownRecord(
      long revision, CredentialEnvelope envelope, Map<String, String> appliedBy) {
    return new SharedCredential(
        MESH,
        CLUSTER,
        revision,
        SecurityProfile.API_SERVER_URL,
        envelope,
        new TreeMap<>(appliedBy));
  }

  /** A primary reports the peers' credentials it applied as their digest and count. */
  private static void assertApplied(ClusterStatus status, Map<String, String> applied) {
    assertThat(status.appliedCredentialsDigest()).isEqualTo(AppliedCredentials.digest(applied));
    assertThat(status.appliedCredentialsCount()).isEqualTo(applied.size());
    assertThat(status.appliedCredentials()).as("no longer written").isEmpty();
  }

  /** A peer's kubeconfig sealed for this cluster (by the key it reported in its status). */
  private CredentialEnvelope sealedByPeer(String peer, String credentialId, String kubeconfig) {
    SealedEnvelope sealed =
        SealedEnvelope.seal(
            kubeconfig.getBytes(StandardCharsets.UTF_8),
            peer,
            SealContext.REMOTE_SECRET,
            credentialId,
            Map.of(CLUSTER, SEEN.get("recipient-public-keyset")));
    return new CredentialEnvelope(
        SealContext.REMOTE_SECRET,
        credentialId,
        Instant.now().plus(Duration.ofDays(7)),
        sealed.ciphertext(),
        sealed.wrappedKeys());
  }

  private static CredentialEnvelope tamper(CredentialEnvelope sealed) {
    byte[] raw = Base64.getDecoder().decode(sealed.ciphertext());
    raw[raw.length / 2] ^= 0x01;
    return new CredentialEnvelope(
        sealed.purpose(),
        sealed.credentialId(),
        sealed.expiresAt(),
        Base64.getEncoder().encodeToString(raw),
        sealed.recipients());
  }

  private static Config openAsPeer(CredentialEnvelope sealed) throws Exception {
    byte[] kubeconfig =
        new SealedEnvelope(sealed.ciphertext(), sealed.recipients())
            .open(PEER_KEYS, CLUSTER, PEER, SealContext.REMOTE_SECRET, sealed.credentialId());
    return Config.fromKubeconfig(new String(kubeconfig, StandardCharsets.UTF_8));
  }

  /** Plays the agent's chart: {@code istio-system/meshfed-reader}. */
  private void agentsChartMadeTheReaderAccount() {
    k8s()
        .serviceAccounts()
        .inNamespace(SYSTEM)
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName("meshfed-reader")
                .withNamespace(SYSTEM)
                .addToLabels("app.kubernetes.io/managed-by", "Helm")
                .endMetadata()
                .build())
        .create();
  }

  /**
   * Plays the API server's TokenRequest API for {@code meshfed-reader}: the n-th request gets
   * {@link #issuedToken}(n), valid as long as asked.
   */
  private void apiServerIssuesTokens() {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + SYSTEM + "/serviceaccounts/meshfed-reader/token")
        .andReply(
            201,
            request -> {
              try {
                ObjectNode body = (ObjectNode) JSON.readTree(request.getBody().readUtf8());
                TOKEN_REQUESTS.add(body.deepCopy());
                body.putObject("status")
                    .put("token", issuedToken(TOKEN_REQUESTS.size()))
                    .put(
                        "expirationTimestamp",
                        clock
                            .instant()
                            .plusSeconds(body.path("spec").path("expirationSeconds").asLong())
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString());
                return body;
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .always();
  }

  private static String issuedToken(int n) {
    return "issued-reader-token-" + n;
  }

  // --- reading the cluster and the status topic ------------------------------------------------

  private List<Secret> awaitTokenSecrets(int count) {
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(tokenSecrets()).hasSize(count));
    return tokenSecrets();
  }

  private List<Secret> tokenSecrets() {
    return k8s()
        .secrets()
        .inNamespace(SYSTEM)
        .withLabel(AgentKeysSecret.COMPONENT_LABEL, ReaderTokenSecrets.COMPONENT)
        .list()
        .getItems();
  }

  private Secret keysSecret() {
    return k8s().secrets().inNamespace(SYSTEM).withName(AgentKeysSecret.NAME).get();
  }

  private Optional<GenericKubernetesResource> secret(String name) {
    return Optional.ofNullable(
        k8s()
            .genericKubernetesResources(ManagedKind.SECRET.context())
            .inNamespace(SYSTEM)
            .withName(name)
            .get());
  }

  private GenericKubernetesResource istio() {
    return k8s()
        .genericKubernetesResources(ManagedKind.ISTIO.context())
        .withName(IstioNames.DEFAULT)
        .get();
  }

  private static String entry(Secret secret, String key) {
    return decode(secret.getData().get(key));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private List<Message<byte[]>> statusMessages() {
    return new ArrayList<>(connector.<byte[]>sink("status").received());
  }

  private List<ClusterStatus> statuses() {
    List<ClusterStatus> statuses = new ArrayList<>();
    for (Message<byte[]> m : statusMessages()) {
      try {
        statuses.add(EventCodec.decode(ClusterStatus.class, m.getPayload()));
      } catch (Exception e) {
        throw new AssertionError("a status record that does not decode", e);
      }
    }
    return statuses;
  }

  private int lastStatusBytes() {
    List<Message<byte[]>> messages = statusMessages();
    return messages.get(messages.size() - 1).getPayload().length;
  }

  private ClusterStatus lastStatus() {
    List<ClusterStatus> statuses = statuses();
    assertThat(statuses).isNotEmpty();
    return statuses.get(statuses.size() - 1);
  }

  private double counter(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }
}
