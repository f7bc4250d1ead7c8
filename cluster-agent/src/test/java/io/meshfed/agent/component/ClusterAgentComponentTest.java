package io.meshfed.agent.component;

import static io.meshfed.agent.component.AgentTestResources.CLUSTER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.model.CaCertsRenderer;
import io.meshfed.agent.model.ClusterRendering;
import io.meshfed.agent.model.DesiredObjects;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.agent.model.MemberTopology;
import io.meshfed.agent.model.MeshfedLabels;
import io.meshfed.agent.model.PeerKubeconfig;
import io.meshfed.agent.model.SecurityObjects;
import io.meshfed.agent.model.SeedTopologies;
import io.meshfed.agent.reconcile.DesiredStateStore;
import io.meshfed.agent.reconcile.ReconcileLoop;
import io.meshfed.agent.resource.ManagedKind;
import io.meshfed.agent.resource.Operation;
import io.meshfed.agent.resource.ResourceApplier;
import io.meshfed.agent.security.AgentKeysSecret;
import io.meshfed.agent.security.PeerCredentialOpener;
import io.meshfed.agent.security.SecretData;
import io.meshfed.agent.security.TestCa;
import io.meshfed.agent.status.StatusConditions;
import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Locality;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.security.ca.CaCertsBundle;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.sign.RecordVerifier;
import io.meshfed.security.sign.SigningKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agent against the mock API server (CRUD mode) and the in-memory connector, through a whole
 * membership: bad records, an unactionable record, a join, the Sail operator and the load balancer
 * reporting, drift, a mesh change, and a leave. The test plays the Sail operator and the
 * LoadBalancer controller inline by setting the objects' status.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(AgentTestResources.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAgentComponentTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String ISTIO_SYSTEM = IstioNames.ISTIO_SYSTEM;

  @KubernetesTestServer KubernetesServer server;

  @Inject @Any InMemoryConnector connector;
  @Inject KubernetesClient agentClient;
  @Inject AgentMetrics metrics;
  @Inject AgentConfig config;
  @Inject MeterRegistry registry;

  @TestHTTPResource(value = "/metrics", management = true)
  URL metricsUrl;

  @TestHTTPResource(value = "/health/ready", management = true)
  URL readinessUrl;

  @Inject ReconcileLoop loop;
  @Inject DesiredStateStore store;

  private static KubernetesClient testClient;

  /** The mesh's root, as the hub holds it: signs the agent's intermediate CA request. */
  private static final TestCa HUB = new TestCa("mesh1");

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
  void malformedRecordsAreNackedWithTheirReasonAndOtherClustersAreSkippedByKey() {
    Tracked otherCluster =
        Tracked.of(Records.raw(EventType.DESIRED_MEMBERSHIP, "cluster9", "this is not JSON"));
    Tracked missingRole =
        Tracked.of(
            Records.raw(
                EventType.DESIRED_MEMBERSHIP,
                CLUSTER,
                "{\"meshId\":\"mesh1\",\"clusterName\":\"cluster1\",\"istioVersion\":\"v1.28.1\","
                    + "\"generation\":1,\"epoch\":1}"));
    Tracked wrongType =
        Tracked.of(Records.raw(EventType.DESIRED_MEMBERSHIP, "mesh1", "{\"meshId\":\"mesh1\"}"));
    Tracked notJson = Tracked.of(Records.raw(EventType.SHARED_CREDENTIAL, "cluster2", "not JSON"));
    Tracked wrongSender =
        Tracked.of(
            Records.event(
                "cluster2", new SharedCredential("mesh1", "cluster3", 1, null, null, null)));

    connector.source("desired").send(otherCluster.message());
    connector.source("desired").send(missingRole.message());
    connector.source("meshes").send(wrongType.message());
    connector.source("credentials").send(notJson.message());
    connector.source("credentials").send(wrongSender.message());

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(otherCluster.acked()).isCompleted();
              assertThat(otherCluster.nacked()).isNotDone();
              assertThat(missingRole.nacked()).isCompleted();
              assertThat(missingRole.nacked().join().getMessage())
                  .isEqualTo("DesiredMembership: required field 'role' is missing");
              assertThat(wrongType.nacked()).isCompleted();
              assertThat(wrongType.nacked().join().getMessage())
                  .contains("expected io.meshfed.mesh.record.v2")
                  .contains("got io.meshfed.membership.desired.v1");
              assertThat(notJson.nacked()).isCompleted();
              assertThat(wrongSender.nacked()).isCompleted();
              assertThat(wrongSender.nacked().join().getMessage())
                  .isEqualTo(
                      "SharedCredential: sender 'cluster3' does not match the record key"
                          + " 'cluster2'");
            });
    assertThat(counter(AgentMetrics.DLQ_TOTAL, "reason", "MissingField")).isEqualTo(1.0);
    assertThat(counter(AgentMetrics.DLQ_TOTAL, "reason", "UnexpectedType")).isEqualTo(1.0);
    assertThat(counter(AgentMetrics.DLQ_TOTAL, "reason", "KeyMismatch")).isEqualTo(1.0);
    assertThat(store.snapshot().credentials()).isEmpty();
    assertThat(statuses()).isEmpty();
  }

  @Test
  @Order(2)
  void aDesiredRecordTheAgentCannotActOnBecomesDegradedWithItsReason() {
    DesiredMembership remoteWithoutPrimary =
        SeedTopologies.desired(
            CLUSTER, Role.REMOTE, "network1", null, "v1.28.6", SeedTopologies.MULTUS_CNI, null);
    connector.source("desired").send(Records.event(CLUSTER, remoteWithoutPrimary));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              ClusterStatus status = lastStatus();
              assertThat(status.phase()).isEqualTo(Phase.DEGRADED);
              assertThat(status.condition(StatusConditions.DESIRED_STATE_VALID))
                  .get()
                  .extracting(Condition::status, Condition::reason)
                  .containsExactly(Condition.FALSE, "MissingControlPlaneCluster");
            });
    assertThat(k8s().namespaces().withName(IstioNames.ISTIO_CNI).get()).isNull();
    assertThat(istio()).isNull();
  }

  @Test
  @Order(3)
  void aDesiredRecordBecomesTheObjectsOfItsTopology() {
    preExistingObjects();
    server
        .expect()
        .post()
        .withPath("/apis/networking.istio.io/v1/namespaces/istio-system/gateways")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("gateways.networking.istio.io is forbidden")
                .build())
        .once();

    SeedTopologies.Case topology = SeedTopologies.primaryOfRemotes();
    DesiredMembership joined = SeedTopologies.withGeneration(topology.desired(), 2);
    connector.source("meshes").send(Records.event("mesh1", topology.mesh().orElseThrow()));
    topology
        .credentials()
        .forEach((sender, c) -> connector.source("credentials").send(Records.event(sender, c)));
    connector.source("desired").send(Records.event(CLUSTER, joined));

    // Istio waits for cacerts: the agent asks the hub for its intermediate CA first
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(lastStatus().intermediateCsr()).isNotBlank());
    assertThat(istio()).isNull();
    connector
        .source("desired")
        .send(Records.event(CLUSTER, HUB.answer(joined, lastStatus().intermediateCsr())));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              ClusterStatus status = lastStatus();
              assertThat(status.phase()).isEqualTo(Phase.INSTALLING);
              assertThat(status.observedGeneration()).isEqualTo(2);
              assertThat(status.condition(StatusConditions.ISTIO_READY))
                  .get()
                  .extracting(Condition::reason)
                  .isEqualTo(StatusConditions.NOT_REPORTED);
            });
    // the control plane is there, with meshfed's labels
    Namespace cni = k8s().namespaces().withName(IstioNames.ISTIO_CNI).get();
    assertThat(cni.getMetadata().getLabels())
        .containsEntry(MeshfedLabels.MANAGED_BY, "meshfed")
        .containsEntry(MeshfedLabels.CLUSTER, CLUSTER);
    Namespace system = k8s().namespaces().withName(ISTIO_SYSTEM).get();
    assertThat(system.getMetadata().getLabels())
        .containsEntry("team", "platform")
        .containsEntry(MeshfedLabels.NETWORK, "network1")
        .containsEntry(MeshfedLabels.CLUSTER, CLUSTER)
        .doesNotContainKey(MeshfedLabels.MANAGED_BY);
    assertThat(sail(ManagedKind.ISTIO_CNI)).isNotNull();
    Map<String, Object> global = global(istio());
    assertThat(global)
        .containsEntry("meshID", "mesh1")
        .containsEntry("network", "network1")
        .containsEntry("externalIstiod", true)
        .containsKey("meshNetworks");
    Secret secret =
        k8s().secrets().inNamespace(ISTIO_SYSTEM).withName("istio-remote-secret-cluster2").get();
    assertThat(secret.getMetadata().getLabels()).containsEntry("istio/multiCluster", "true");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("networking.istio.io/cluster", "cluster2");
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("cluster2")),
                StandardCharsets.UTF_8))
        .contains("server: " + SeedTopologies.CLUSTER2_API);
    // the gateway's Service is there at once; its Deployment waits for Istio's injector
    assertThat(eastWestService()).isNotNull();
    assertThat(eastWestDeployment()).isNull();
    ClusterStatus installing = lastStatus();
    assertThat(installing.condition(StatusConditions.REMOTE_CREDENTIALS))
        .get()
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.FALSE, StatusConditions.WAITING_FOR_CREDENTIAL);
    assertThat(installing.intermediateCsr()).isNull();
    assertThat(installing.intermediateNotAfter()).isNotNull();
    assertThat(k8s().secrets().inNamespace(ISTIO_SYSTEM).withName("cacerts").get().getData())
        .containsOnlyKeys("ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem");
    assertThat(installing.localities())
        .containsExactly(
            new Locality("eu-west-1", "eu-west-1a", null),
            new Locality("eu-west-1", "eu-west-1b", "rack7"));
    assertThat(installing.agentVersion()).isEqualTo("0.0.0-test");

    sailOperatorReportsReady(ManagedKind.ISTIO_CNI);
    sailOperatorReportsReady(ManagedKind.ISTIO);
    assertThat(eastWestDeployment()).as("still no injector webhook").isNull();
    istiodPatchedItsInjectorWebhook();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(eastWestDeployment()).isNotNull();
              assertThat(eastWestService()).isNotNull();
              assertThat(networking(ManagedKind.GATEWAY, IstioNames.CROSS_NETWORK_GATEWAY))
                  .isNotNull();
              assertThat(networking(ManagedKind.GATEWAY, IstioNames.ISTIOD_GATEWAY)).isNotNull();
              assertThat(networking(ManagedKind.VIRTUAL_SERVICE, IstioNames.ISTIOD_VIRTUAL_SERVICE))
                  .isNotNull();
              ClusterStatus status = lastStatus();
              assertThat(status.phase()).isEqualTo(Phase.INSTALLING);
              assertThat(status.condition(StatusConditions.EAST_WEST_GATEWAY_READY))
                  .get()
                  .extracting(Condition::reason)
                  .isEqualTo(StatusConditions.WAITING_FOR_LOAD_BALANCER);
            });
    Deployment gateway = eastWestDeployment();
    assertThat(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("ISTIO_META_REQUESTED_NETWORK_VIEW");
              assertThat(e.getValue()).isEqualTo("network1");
            });
    assertThat(eastWestService().getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(eastWestService().getSpec().getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(15021, 15443, 15012, 15017);
    // the refused create showed as a condition with the API's reason, then was retried
    assertThat(statuses())
        .anySatisfy(
            s -> {
              assertThat(s.phase()).isEqualTo(Phase.DEGRADED);
              assertThat(s.condition(StatusConditions.RESOURCES_APPLIED))
                  .get()
                  .extracting(Condition::status, Condition::reason)
                  .containsExactly(Condition.FALSE, "Forbidden");
            });
    assertThat(counter(AgentMetrics.APPLY_ERRORS_TOTAL, "reason", "Forbidden")).isEqualTo(1.0);
  }

  @Test
  @Order(4)
  void aLoadBalancerAddressIsPublishedAsSoonAsItIsSet() {
    // timers are an hour apart in this test: only the watch on the Service can publish this
    setLoadBalancerIngress(Map.of("ip", SeedTopologies.EAST_ADDRESS));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(lastStatus().condition(StatusConditions.EAST_WEST_GATEWAY_READY))
                    .get()
                    .extracting(Condition::reason)
                    .isEqualTo(StatusConditions.WAITING_FOR_GATEWAY_PODS));
    gatewayPodsReady();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              ClusterStatus status = lastStatus();
              assertThat(status.eastWestAddresses())
                  .containsExactly(GatewayAddress.ip(SeedTopologies.EAST_ADDRESS));
              assertThat(status.phase()).isEqualTo(Phase.READY);
            });
    Message<byte[]> record = lastStatusMessage();
    OutgoingKafkaRecordMetadata<?> metadata =
        record.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
    assertThat(metadata.getKey()).isEqualTo(CLUSTER);
    assertThat(KafkaEvents.header(metadata.getHeaders(), CloudEventHeaders.TYPE))
        .isEqualTo(EventType.CLUSTER_STATUS.ceType());
    assertThat(KafkaEvents.header(metadata.getHeaders(), CloudEventHeaders.SOURCE))
        .isEqualTo("/meshfed/agent/cluster1");
    assertThat(KafkaEvents.header(metadata.getHeaders(), CloudEventHeaders.CONTENT_TYPE))
        .isEqualTo("application/json");
    String signingKey = lastStatus().signingPublicKey();
    assertThat(
            RecordVerifier.verify(
                SigningKeys.decodePublicKey(signingKey),
                CLUSTER,
                record.getPayload(),
                KafkaEvents.header(metadata.getHeaders(), CloudEventHeaders.SIGNATURE)))
        .isTrue();
    assertThat(KafkaEvents.header(metadata.getHeaders(), CloudEventHeaders.KEY_ID))
        .isEqualTo(SigningKeys.fingerprint(SigningKeys.decodePublicKey(signingKey)));
    assertThat(registry.find(AgentMetrics.DESIRED_TO_READY_SECONDS).timer().count()).isEqualTo(1);
    assertThat(
            registry
                .find(AgentMetrics.PHASE)
                .tags("mesh", "mesh1", "cluster", CLUSTER, "phase", "Ready")
                .gauge()
                .value())
        .isEqualTo(1.0);

    setLoadBalancerIngress(Map.of("hostname", "east.example.com"));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(lastStatus().eastWestAddresses())
                    .containsExactly(GatewayAddress.hostname("east.example.com")));
    setLoadBalancerIngress(Map.of("ip", SeedTopologies.EAST_ADDRESS));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(lastStatus().eastWestAddresses())
                    .containsExactly(GatewayAddress.ip(SeedTopologies.EAST_ADDRESS)));
  }

  @Test
  @Order(5)
  void whatIsAlreadyRightIsNotWrittenAgain() throws Exception {
    ApiCallRecorder.drain(server);
    double unchangedBefore = counter(AgentMetrics.OBJECTS_UNCHANGED_TOTAL);

    // a new applier, as after a restart, finds every object as desired
    SeedTopologies.Case topology = SeedTopologies.primaryOfRemotes();
    MemberTopology member =
        MemberTopology.of(SeedTopologies.withGeneration(topology.desired(), 2), topology.mesh());
    PeerKubeconfig peer =
        PeerCredentialOpener.open(
                member, topology.credentials(), RecipientKeys.generate(), Map.of())
            .kubeconfigs()
            .get("cluster2");
    Map<String, String> cacerts =
        SecretData.of(
            k8s()
                .genericKubernetesResources(ManagedKind.SECRET.context())
                .inNamespace(ISTIO_SYSTEM)
                .withName(CaCertsBundle.SECRET_NAME)
                .get());
    CaCertsBundle bundle =
        CaCertsBundle.of(
            cacerts.get(CaCertsBundle.CA_CERT),
            cacerts.get(CaCertsBundle.CA_KEY),
            cacerts.get(CaCertsBundle.ROOT_CERT));
    DesiredObjects desired =
        ClusterRendering.render(
            member,
            List.of("cluster2"),
            Map.of("cluster2", peer),
            new SecurityObjects(
                Optional.of(CaCertsRenderer.render(member, bundle)), true, List.of(), Set.of()));
    ResourceApplier restarted = new ResourceApplier(agentClient, metrics, config);
    List<Operation> operations = new ArrayList<>();
    desired.all().forEach(o -> operations.add(restarted.apply(o).operation()));
    assertThat(operations).hasSize(desired.all().size()).containsOnly(Operation.UNCHANGED);

    // and so does a whole reconcile of the running agent
    double reconcilesBefore = counter(AgentMetrics.RECONCILE_TOTAL, "outcome", "member");
    loop.trigger("test: resync");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(counter(AgentMetrics.RECONCILE_TOTAL, "outcome", "member"))
                    .isGreaterThan(reconcilesBefore));

    List<ApiCallRecorder.Call> calls = ApiCallRecorder.drain(server);
    assertThat(calls).isNotEmpty().noneMatch(ApiCallRecorder.Call::writes);
    assertThat(counter(AgentMetrics.OBJECTS_UNCHANGED_TOTAL) - unchangedBefore)
        .isGreaterThanOrEqualTo(2.0 * desired.all().size());
  }

  @Test
  @Order(6)
  void whatSomeoneDeletedOrEditedIsPutBack() {
    String uid = eastWestDeployment().getMetadata().getUid();
    k8s()
        .apps()
        .deployments()
        .inNamespace(ISTIO_SYSTEM)
        .withName(IstioNames.EAST_WEST_GATEWAY)
        .delete();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Deployment back = eastWestDeployment();
              assertThat(back).isNotNull();
              assertThat(back.getMetadata().getUid()).isNotEqualTo(uid);
            });

    GenericKubernetesResource istio = istio();
    global(istio).put("network", "rogue");
    k8s().genericKubernetesResources(ManagedKind.ISTIO.context()).resource(istio).update();
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(global(istio())).containsEntry("network", "network1"));

    Service service = eastWestService();
    service.getSpec().getPorts().remove(0);
    k8s().services().inNamespace(ISTIO_SYSTEM).resource(service).update();
    Secret secret =
        k8s().secrets().inNamespace(ISTIO_SYSTEM).withName("istio-remote-secret-cluster2").get();
    secret.getData().put("cluster2", Base64.getEncoder().encodeToString("forged".getBytes()));
    k8s().secrets().inNamespace(ISTIO_SYSTEM).resource(secret).update();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(eastWestService().getSpec().getPorts()).hasSize(4);
              assertThat(
                      k8s()
                          .secrets()
                          .inNamespace(ISTIO_SYSTEM)
                          .withName("istio-remote-secret-cluster2")
                          .get()
                          .getData()
                          .get("cluster2"))
                  .isNotEqualTo(Base64.getEncoder().encodeToString("forged".getBytes()));
            });

    k8s()
        .namespaces()
        .withName(ISTIO_SYSTEM)
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"remove\",\"path\":\"/metadata/labels/topology.istio.io~1network\"}]");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        k8s().namespaces().withName(ISTIO_SYSTEM).get().getMetadata().getLabels())
                    .containsEntry(MeshfedLabels.NETWORK, "network1")
                    .containsEntry("team", "platform"));
  }

  @Test
  @Order(7)
  void aTamperedLabelIsPutBackOnEveryKindMeshfedCreated() {
    List<String> tampered = new ArrayList<>();
    for (ManagedKind kind : ManagedKind.values()) {
      for (GenericKubernetesResource object : owned(kind)) {
        object.getMetadata().getLabels().put(MeshfedLabels.MESH, "tampered");
        var all = k8s().genericKubernetesResources(kind.context());
        (kind.namespaced() ? all.inNamespace(ISTIO_SYSTEM) : all).resource(object).update();
        tampered.add(kind.kind() + "/" + object.getMetadata().getName());
      }
    }
    assertThat(tampered).hasSizeGreaterThanOrEqualTo(ManagedKind.values().length);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (ManagedKind kind : ManagedKind.values()) {
                assertThat(owned(kind))
                    .as("%s", kind)
                    .isNotEmpty()
                    .allSatisfy(
                        o ->
                            assertThat(o.getMetadata().getLabels())
                                .containsEntry(MeshfedLabels.MESH, "mesh1"));
              }
            });
  }

  @Test
  @Order(8)
  void anOlderGenerationIsIgnored() {
    DesiredMembership older =
        SeedTopologies.desired(
            CLUSTER, Role.PRIMARY, "network9", null, "v1.28.6", SeedTopologies.MULTUS_CNI, null);
    Tracked stale = Tracked.of(Records.event(CLUSTER, older));
    Tracked marker = Tracked.of(Records.raw(EventType.DESIRED_MEMBERSHIP, CLUSTER, "{}"));
    connector.source("desired").send(stale.message());
    connector.source("desired").send(marker.message());

    // records are handled in order: once the marker is rejected, the stale record was handled
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(marker.nacked()).isCompleted());
    assertThat(stale.acked()).isCompleted();
    assertThat(store.snapshot().desired())
        .get()
        .extracting(DesiredMembership::generation)
        .isEqualTo(2L);
    assertThat(global(istio())).containsEntry("network", "network1");
  }

  @Test
  @Order(9)
  void aMeshChangeRemovesWhatIsNoLongerDesiredIncludingTheSecretOfAPeerThatLeft() {
    // the remote cluster2 left: its credential record is tombstoned, so it is no peer of this
    // primary any more (its remote secret goes), and the primary's plan serves no remote any more
    DesiredMembership held = store.snapshot().desired().orElseThrow();
    DesiredMembership alonePlan =
        SeedTopologies.withPlan(SeedTopologies.withGeneration(held, 3), false);
    MeshRecord alone =
        new MeshRecord(
            "mesh1",
            8,
            "v1.28.6",
            new TreeMap<>(
                Map.of(
                    "network1",
                    SeedTopologies.network(List.of(CLUSTER), SeedTopologies.EAST_ADDRESS))),
            new TreeMap<>(Map.of(CLUSTER, new MeshPrimary(null, null))),
            null,
            null,
            null);
    connector.source("desired").send(Records.event(CLUSTER, alonePlan));
    connector.source("credentials").send(Records.tombstone(Topics.CREDENTIALS, "cluster2"));
    connector.source("meshes").send(Records.event("mesh1", alone));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(
                      k8s()
                          .secrets()
                          .inNamespace(ISTIO_SYSTEM)
                          .withName("istio-remote-secret-cluster2")
                          .get())
                  .isNull();
              assertThat(eastWestDeployment()).isNull();
              assertThat(eastWestService()).isNull();
              assertThat(networking(ManagedKind.GATEWAY, IstioNames.CROSS_NETWORK_GATEWAY))
                  .isNull();
              assertThat(networking(ManagedKind.GATEWAY, IstioNames.ISTIOD_GATEWAY)).isNull();
              assertThat(networking(ManagedKind.VIRTUAL_SERVICE, IstioNames.ISTIOD_VIRTUAL_SERVICE))
                  .isNull();
              assertThat(global(istio()))
                  .doesNotContainKey("meshNetworks")
                  .doesNotContainKey("externalIstiod");
              ClusterStatus status = lastStatus();
              assertThat(status.observedMeshRevision()).isEqualTo(8);
              assertThat(status.observedGeneration()).isEqualTo(3);
              assertThat(status.phase()).isEqualTo(Phase.READY);
              assertThat(status.eastWestAddresses()).isEmpty();
            });
    assertForeignObjectsUntouched();
  }

  @Test
  @Order(10)
  void aTombstoneRemovesEverythingMeshfedCreatedAndNothingElse() {
    connector.source("desired").send(Records.tombstone(Topics.DESIRED, CLUSTER));

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(lastStatus().phase()).isEqualTo(Phase.LEFT));
    List<Phase> phases = statuses().stream().map(ClusterStatus::phase).toList();
    assertThat(phases.subList(phases.lastIndexOf(Phase.LEAVING), phases.size()))
        .containsExactly(Phase.LEAVING, Phase.LEFT);

    for (ManagedKind kind : ManagedKind.values()) {
      var all = k8s().genericKubernetesResources(kind.context());
      var owned =
          (kind.namespaced() ? all.inNamespace(ISTIO_SYSTEM) : all)
              .withLabel(MeshfedLabels.MANAGED_BY, MeshfedLabels.MANAGED_BY_VALUE)
              .list()
              .getItems();
      // the agent's keys belong to the agent, not to the membership: they stay for a re-join
      assertThat(owned)
          .as("%s created by meshfed", kind)
          .extracting(o -> o.getMetadata().getName())
          .isSubsetOf(AgentKeysSecret.NAME);
    }
    assertThat(k8s().secrets().inNamespace(ISTIO_SYSTEM).withName(AgentKeysSecret.NAME).get())
        .isNotNull();
    assertThat(k8s().secrets().inNamespace(ISTIO_SYSTEM).withName("cacerts").get()).isNull();
    assertThat(k8s().namespaces().withName(IstioNames.ISTIO_CNI).get()).isNull();
    assertThat(istio()).isNull();
    assertThat(sail(ManagedKind.ISTIO_CNI)).isNull();
    Namespace system = k8s().namespaces().withName(ISTIO_SYSTEM).get();
    assertThat(system).as("istio-system existed before meshfed").isNotNull();
    assertThat(system.getMetadata().getLabels())
        .containsEntry("team", "platform")
        .doesNotContainKeys(MeshfedLabels.MESH, MeshfedLabels.CLUSTER, MeshfedLabels.NETWORK);
    assertForeignObjectsUntouched();
    assertThat(k8s().nodes().list().getItems()).hasSize(2);
  }

  @Test
  @Order(11)
  void theMetricsAreExportedUnderTheirNames() {
    String metrics = given().get(metricsUrl).then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("meshfed_agent_reconcile_total{outcome=\"member\"}")
        .contains("meshfed_agent_reconcile_seconds_count{outcome=\"member\"}")
        .contains("meshfed_agent_apply_errors_total{reason=\"Forbidden\"} 1.0")
        // generations 2 (the join) and 3 (the remote left) each became Ready
        .contains("meshfed_agent_desired_to_ready_seconds_count 2.0")
        .contains("meshfed_agent_phase{cluster=\"cluster1\",mesh=\"mesh1\",phase=\"Left\"} 1.0")
        .contains("meshfed_agent_phase{cluster=\"cluster1\",mesh=\"mesh1\",phase=\"Ready\"} 0.0")
        .contains("meshfed_agent_objects_written_total{operation=\"created\"}")
        .contains("meshfed_agent_objects_written_total{operation=\"deleted\"}")
        .contains("meshfed_agent_objects_unchanged_total")
        .contains("meshfed_agent_dlq_total{reason=\"MissingField\"}");
  }

  @Test
  @Order(11)
  void healthAndMetricsAreOnlyOnTheManagementPort() {
    given().get("/q/metrics").then().statusCode(404);
    given().get("/q/health/ready").then().statusCode(404);
  }

  @Test
  @Order(12)
  void readinessSaysTheStateWasReadAndTheApiServerReached() {
    given()
        .get(readinessUrl)
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'meshfed-agent' }.status", org.hamcrest.Matchers.is("UP"))
        .body(
            "checks.find { it.name == 'meshfed-agent' }.data.apiServerReached",
            org.hamcrest.Matchers.is(true));
  }

  /**
   * Every status record the agent sent, first to last, carries a greater sequence than the one
   * before, inside its signed body: the hub can tell a report sent again from a new one.
   */
  @Test
  @Order(13)
  void everyStatusCarriesAGreaterSequenceThanTheOneBefore() {
    List<Long> sequences = statuses().stream().map(ClusterStatus::sequence).toList();

    assertThat(sequences).hasSizeGreaterThan(1).allSatisfy(s -> assertThat(s).isPositive());
    assertThat(sequences).isSorted().doesNotHaveDuplicates();
  }

  // --- the cluster before meshfed, and the simulated controllers -------------------------------

  private void preExistingObjects() {
    // the agent made istio-system at its start, for its keys, unless it was there: either way it
    // is the platform's namespace, not meshfed's
    if (k8s().namespaces().withName(ISTIO_SYSTEM).get() == null) {
      k8s()
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(ISTIO_SYSTEM).endMetadata().build())
          .create();
    }
    k8s()
        .namespaces()
        .withName(ISTIO_SYSTEM)
        .edit(
            ns ->
                new NamespaceBuilder(ns)
                    .editMetadata()
                    .addToLabels("team", "platform")
                    .endMetadata()
                    .build());
    k8s()
        .configMaps()
        .inNamespace(ISTIO_SYSTEM)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("platform-config")
                .endMetadata()
                .addToData("owner", "platform")
                .build())
        .create();
    k8s()
        .apps()
        .deployments()
        .inNamespace(ISTIO_SYSTEM)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("platform-proxy")
                .addToLabels("app", "platform-proxy")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .endSpec()
                .build())
        .create();
    node(
        "node-a",
        Map.of(
            "topology.kubernetes.io/region",
            "eu-west-1",
            "topology.kubernetes.io/zone",
            "eu-west-1a"));
    node(
        "node-b",
        Map.of(
            "topology.kubernetes.io/region",
            "eu-west-1",
            "topology.kubernetes.io/zone",
            "eu-west-1b",
            "topology.istio.io/subzone",
            "rack7"));
  }

  private void node(String name, Map<String, String> labels) {
    k8s()
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private void assertForeignObjectsUntouched() {
    assertThat(k8s().configMaps().inNamespace(ISTIO_SYSTEM).withName("platform-config").get())
        .isNotNull();
    assertThat(
            k8s().apps().deployments().inNamespace(ISTIO_SYSTEM).withName("platform-proxy").get())
        .isNotNull();
  }

  /** Plays the Sail operator: sets {@code Ready=True} on Istio or IstioCNI. */
  private void sailOperatorReportsReady(ManagedKind kind) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              GenericKubernetesResource resource = sail(kind);
              resource.setAdditionalProperty(
                  "status",
                  Map.of(
                      "conditions",
                      List.of(
                          Map.of(
                              "type", "Ready",
                              "status", "True",
                              "reason", "Healthy",
                              "message", kind.kind() + " is ready"))));
              k8s().genericKubernetesResources(kind.context()).resource(resource).updateStatus();
            });
  }

  /**
   * Plays Sail's chart and istiod: the injector webhook {@code istio-sidecar-injector} exists and
   * istiod has patched its {@code caBundle}.
   */
  private void istiodPatchedItsInjectorWebhook() {
    k8s()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new io.fabric8.kubernetes.api.model.admissionregistration.v1
                    .MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(IstioNames.INJECTOR_WEBHOOK)
                .addToLabels("istio.io/rev", "default")
                .endMetadata()
                .addNewWebhook()
                .withName("object.sidecar-injector.istio.io")
                .withNewClientConfig()
                .withCaBundle("Y2EtYnVuZGxl")
                .withNewService()
                .withName("istiod")
                .withNamespace(ISTIO_SYSTEM)
                .withPort(443)
                .withPath("/inject")
                .endService()
                .endClientConfig()
                .withSideEffects("None")
                .withAdmissionReviewVersions("v1")
                .endWebhook()
                .build())
        .create();
  }

  /** Plays the kubelet: the east-west gateway's pod is available. */
  private void gatewayPodsReady() {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var deployment = eastWestDeployment();
              deployment.setStatus(
                  new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                      .withReplicas(1)
                      .withReadyReplicas(1)
                      .withAvailableReplicas(1)
                      .build());
              k8s()
                  .apps()
                  .deployments()
                  .inNamespace(ISTIO_SYSTEM)
                  .resource(deployment)
                  .updateStatus();
            });
  }

  /** Plays the LoadBalancer controller: sets the Service's ingress. */
  private void setLoadBalancerIngress(Map<String, String> ingress) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Service service = eastWestService();
              if (service.getStatus() == null) {
                service.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatus());
              }
              service
                  .getStatus()
                  .setLoadBalancer(
                      new io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder()
                          .withIngress(
                              new LoadBalancerIngressBuilder()
                                  .withIp(ingress.get("ip"))
                                  .withHostname(ingress.get("hostname"))
                                  .build())
                          .build());
              k8s().services().inNamespace(ISTIO_SYSTEM).resource(service).updateStatus();
            });
  }

  // --- reading the cluster and the status topic ------------------------------------------------

  /** The objects of one kind labelled as created by meshfed for this cluster. */
  private List<GenericKubernetesResource> owned(ManagedKind kind) {
    var all = k8s().genericKubernetesResources(kind.context());
    return (kind.namespaced() ? all.inNamespace(ISTIO_SYSTEM) : all)
        .withLabel(MeshfedLabels.MANAGED_BY, MeshfedLabels.MANAGED_BY_VALUE)
        .withLabel(MeshfedLabels.CLUSTER, CLUSTER)
        .list()
        .getItems();
  }

  private GenericKubernetesResource sail(ManagedKind kind) {
    return k8s().genericKubernetesResources(kind.context()).withName(IstioNames.DEFAULT).get();
  }

  private GenericKubernetesResource istio() {
    return sail(ManagedKind.ISTIO);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> global(GenericKubernetesResource istio) {
    Map<String, Object> spec = (Map<String, Object>) istio.getAdditionalProperties().get("spec");
    Map<String, Object> values = (Map<String, Object>) spec.get("values");
    return (Map<String, Object>) values.get("global");
  }

  private GenericKubernetesResource networking(ManagedKind kind, String name) {
    return k8s()
        .genericKubernetesResources(kind.context())
        .inNamespace(ISTIO_SYSTEM)
        .withName(name)
        .get();
  }

  private Deployment eastWestDeployment() {
    return k8s()
        .apps()
        .deployments()
        .inNamespace(ISTIO_SYSTEM)
        .withName(IstioNames.EAST_WEST_GATEWAY)
        .get();
  }

  private Service eastWestService() {
    return k8s().services().inNamespace(ISTIO_SYSTEM).withName(IstioNames.EAST_WEST_GATEWAY).get();
  }

  private List<Message<byte[]>> statusMessages() {
    return new ArrayList<>(connector.<byte[]>sink("status").received());
  }

  private Message<byte[]> lastStatusMessage() {
    List<Message<byte[]>> messages = statusMessages();
    assertThat(messages).isNotEmpty();
    return messages.get(messages.size() - 1);
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
