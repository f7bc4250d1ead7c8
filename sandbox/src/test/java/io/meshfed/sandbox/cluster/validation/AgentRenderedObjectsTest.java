package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every object the meshfed agent renders today (cluster-agent io.meshfed.agent.model.*Renderer, the
 * security objects of io.meshfed.agent.security), as JSON equivalent to what it sends, is accepted:
 * a primary serving a remote on another network (cluster1) and that remote (cluster2, with the
 * seed's infra-node placement), each with the {@code meshfed.io/desired-hash} annotation the agent
 * adds on create. Also the agent's update (PUT of the merged object) and its JSON patch of a shared
 * namespace.
 */
class AgentRenderedObjectsTest {

  private static final String OWNED1 =
      "\"app.kubernetes.io/managed-by\":\"meshfed\",\"meshfed.io/mesh\":\"mesh1\",\"meshfed.io/cluster\":\"cluster1\"";
  private static final String OWNED2 =
      "\"app.kubernetes.io/managed-by\":\"meshfed\",\"meshfed.io/mesh\":\"mesh1\",\"meshfed.io/cluster\":\"cluster2\"";
  private static final String HASH =
      "\"annotations\":{\"meshfed.io/desired-hash\":\"0123456789abcdef01234567\"}";
  private static final String SYSTEM = "/api/v1/namespaces/istio-system";
  private static final String NETWORKING = "/apis/networking.istio.io/v1/namespaces/istio-system";
  private static ApiServerFixture primary;
  private static ApiServerFixture remote;

  @BeforeAll
  static void start() {
    primary = ApiServerFixture.start();
    remote = ApiServerFixture.start();
    primary.send("DELETE", "/api/v1/namespaces/istio-system", null, null);
    primary.send("DELETE", "/api/v1/namespaces/istio-cni", null, null);
    remote.send("DELETE", "/api/v1/namespaces/istio-system", null, null);
    remote.send("DELETE", "/api/v1/namespaces/istio-cni", null, null);
  }

  @AfterAll
  static void stop() {
    primary.close();
    remote.close();
  }

  private static void accepted(ApiServerFixture api, String path, String json) {
    ApiServerFixture.Answer answer = api.post(path, json);
    assertThat(answer.code()).as(path + ": " + answer.body()).isEqualTo(201);
    assertThat(answer.warnings()).as(path).isEmpty();
  }

  /** Created, and stored as sent: every field sent is read back with its value. */
  private static void stored(ApiServerFixture api, String collection, String json) {
    accepted(api, collection, json);
    JsonNode sent = parse(json);
    JsonNode back = api.get(collection + "/" + sent.path("metadata").path("name").asText());
    assertContains(back, sent, "");
  }

  private static void assertContains(JsonNode actual, JsonNode expected, String at) {
    if (expected.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertContains(actual.path(e.getKey()), e.getValue(), at + "/" + e.getKey());
      }
    } else {
      assertThat(actual).as(at).isEqualTo(expected);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return ApiServerFixture.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void thePrimarysObjects() {
    stored(
        primary,
        "/api/v1/namespaces",
        """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"istio-cni","labels":{%s},%s}}"""
            .formatted(OWNED1, HASH));
    stored(
        primary,
        "/api/v1/namespaces",
        """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"istio-system",
         "labels":{%s,"topology.istio.io/network":"network1"},%s}}"""
            .formatted(OWNED1, HASH));
    stored(
        primary,
        SYSTEM + "/secrets",
        """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"cacerts","namespace":"istio-system",
         "labels":{%s},%s},"type":"Opaque","data":{"ca-cert.pem":"LS0tLS1CRUdJTg==",
         "ca-key.pem":"LS0tLS1CRUdJTg==","cert-chain.pem":"LS0tLS1CRUdJTg==","root-cert.pem":"LS0tLS1CRUdJTg=="}}"""
            .formatted(OWNED1, HASH));
    stored(
        primary,
        "/apis/sailoperator.io/v1/istiocnis",
        """
        {"apiVersion":"sailoperator.io/v1","kind":"IstioCNI","metadata":{"name":"default","labels":{%s},%s},
         "spec":{"version":"v1.28.6","namespace":"istio-cni","values":{"cni":{
           "cniConfDir":"/etc/cni/multus/net.d","excludeNamespaces":["istio-cni","kube-system"]}}}}"""
            .formatted(OWNED1, HASH));
    stored(
        primary,
        "/apis/sailoperator.io/v1/istios",
        """
        {"apiVersion":"sailoperator.io/v1","kind":"Istio","metadata":{"name":"default","labels":{%s},%s},
         "spec":{"version":"v1.28.6","namespace":"istio-system","values":{"global":{
           "meshID":"mesh1","network":"network1","multiCluster":{"clusterName":"cluster1"},
           "externalIstiod":true,"meshNetworks":{
             "network1":{"endpoints":[{"fromRegistry":"cluster1"}],"gateways":[{"address":"10.64.30.73","port":15443}]},
             "network2":{"endpoints":[{"fromRegistry":"cluster2"}],"gateways":[{"address":"10.6.136.29","port":15443}]}}}}}}"""
            .formatted(OWNED1, HASH));
    stored(
        primary,
        SYSTEM + "/secrets",
        """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"istio-remote-secret-cluster2","namespace":"istio-system",
         "labels":{%s,"istio/multiCluster":"true"},"annotations":{"meshfed.io/credential-id":"cluster2-1767225600",
         "meshfed.io/desired-hash":"0123456789abcdef01234567","networking.istio.io/cluster":"cluster2"}},
         "type":"Opaque","data":{"cluster2":"YXBpVmVyc2lvbjogdjEKa2luZDogQ29uZmlnCg=="}}"""
            .formatted(OWNED1));
    stored(
        primary,
        SYSTEM + "/serviceaccounts",
        """
        {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"istio-reader-service-account",
         "namespace":"istio-system","labels":{%s},%s}}"""
            .formatted(OWNED1, HASH));
    stored(
        primary,
        SYSTEM + "/secrets",
        """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"meshfed-reader-token-1767225600","namespace":"istio-system",
         "labels":{%s,"meshfed.io/component":"reader-token"},"annotations":{
         "kubernetes.io/service-account.name":"istio-reader-service-account",
         "meshfed.io/credential-id":"cluster1-1767225600","meshfed.io/expires-at":"2026-01-08T00:00:00Z",
         "meshfed.io/desired-hash":"0123456789abcdef01234567"}},"type":"kubernetes.io/service-account-token"}"""
            .formatted(OWNED1));
    stored(
        primary,
        SYSTEM + "/secrets",
        """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"meshfed-agent-keys","namespace":"istio-system",
         "labels":{"app.kubernetes.io/managed-by":"meshfed","meshfed.io/component":"agent-keys"},%s},
         "type":"Opaque","data":{"signing-key":"a2V5","signing-public-key":"a2V5","recipient-keyset":"a2V5",
         "recipient-public-keyset":"a2V5"}}"""
            .formatted(HASH));
    eastWestGateway(primary, OWNED1, "network1", "");
    stored(
        primary,
        NETWORKING + "/gateways",
        """
        {"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"cross-network-gateway",
         "namespace":"istio-system","labels":{%s},%s},"spec":{"selector":{"istio":"eastwestgateway"},
         "servers":[{"port":{"number":15443,"name":"tls","protocol":"TLS"},"tls":{"mode":"AUTO_PASSTHROUGH"},
         "hosts":["*.local"]}]}}"""
            .formatted(OWNED1, HASH));
    stored(
        primary,
        NETWORKING + "/gateways",
        """
        {"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"istiod-gateway",
         "namespace":"istio-system","labels":{%s},%s},"spec":{"selector":{"istio":"eastwestgateway"},"servers":[
         {"port":{"name":"tls-istiod","number":15012,"protocol":"tls"},"tls":{"mode":"PASSTHROUGH"},"hosts":["*"]},
         {"port":{"name":"tls-istiodwebhook","number":15017,"protocol":"tls"},"tls":{"mode":"PASSTHROUGH"},"hosts":["*"]}]}}"""
            .formatted(OWNED1, HASH));
    stored(
        primary,
        NETWORKING + "/virtualservices",
        """
        {"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"istiod-vs",
         "namespace":"istio-system","labels":{%s},%s},"spec":{"hosts":["*"],"gateways":["istiod-gateway"],"tls":[
         {"match":[{"port":15012,"sniHosts":["*"]}],"route":[{"destination":{
           "host":"istiod.istio-system.svc.cluster.local","port":{"number":15012}}}]},
         {"match":[{"port":15017,"sniHosts":["*"]}],"route":[{"destination":{
           "host":"istiod.istio-system.svc.cluster.local","port":{"number":443}}}]}]}}"""
            .formatted(OWNED1, HASH));
    JsonNode istio = primary.get("/apis/sailoperator.io/v1/istios/default");
    assertThat(istio.at("/spec/updateStrategy/type").asText()).isEqualTo("InPlace");
  }

  @Test
  void theRemotesObjects() {
    stored(
        remote,
        "/api/v1/namespaces",
        """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"istio-cni","labels":{%s},%s}}"""
            .formatted(OWNED2, HASH));
    stored(
        remote,
        "/api/v1/namespaces",
        """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"istio-system",
         "labels":{%s,"topology.istio.io/network":"network2"},
         "annotations":{"meshfed.io/desired-hash":"0123456789abcdef01234567",
         "topology.istio.io/controlPlaneClusters":"cluster1"}}}"""
            .formatted(OWNED2));
    stored(
        remote,
        "/apis/sailoperator.io/v1/istiocnis",
        """
        {"apiVersion":"sailoperator.io/v1","kind":"IstioCNI","metadata":{"name":"default","labels":{%s},%s},
         "spec":{"version":"v1.28.6","namespace":"istio-cni"}}"""
            .formatted(OWNED2, HASH));
    stored(
        remote,
        "/apis/sailoperator.io/v1/istios",
        """
        {"apiVersion":"sailoperator.io/v1","kind":"Istio","metadata":{"name":"default","labels":{%s},%s},
         "spec":{"version":"v1.28.6","namespace":"istio-system","profile":"remote","values":{
           "istiodRemote":{"injectionPath":"/inject/cluster/cluster2/net/network2"},
           "global":{"remotePilotAddress":"10.64.30.73"}}}}"""
            .formatted(OWNED2, HASH));
    eastWestGateway(
        remote,
        OWNED2,
        "network2",
        ",\"nodeSelector\":{\"node-role.kubernetes.io/infra\":\"\"},\"tolerations\":[{\"effect\":\"NoSchedule\","
            + "\"key\":\"node-role.kubernetes.io/infra\",\"operator\":\"Equal\",\"value\":\"reserved\"}]");
  }

  private static void eastWestGateway(
      ApiServerFixture api, String owned, String network, String placement) {
    String gatewayLabels =
        "\"app\":\"istio-eastwestgateway\",\"install.operator.istio.io/owning-resource\":\"unknown\","
            + "\"istio\":\"eastwestgateway\",\"istio.io/rev\":\"default\","
            + "\"operator.istio.io/component\":\"IngressGateways\",\"release\":\"istio\","
            + "\"topology.istio.io/network\":\""
            + network
            + "\","
            + owned;
    String operatorLabels =
        "\"install.operator.istio.io/owning-resource\":\"unknown\",\"istio.io/rev\":\"default\","
            + "\"operator.istio.io/component\":\"IngressGateways\",\"release\":\"istio\","
            + owned;
    String selector =
        "{\"app\":\"istio-eastwestgateway\",\"istio\":\"eastwestgateway\",\"topology.istio.io/network\":\""
            + network
            + "\"}";
    String meta = "\"namespace\":\"istio-system\",\"labels\":{" + gatewayLabels + "}," + HASH;
    stored(
        api,
        SYSTEM + "/serviceaccounts",
        """
        {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"istio-eastwestgateway-service-account",%s}}"""
            .formatted(meta));
    stored(
        api,
        "/apis/apps/v1/namespaces/istio-system/deployments",
        """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"istio-eastwestgateway",%s},
         "spec":{"selector":{"matchLabels":%s},
          "strategy":{"rollingUpdate":{"maxSurge":"100%%","maxUnavailable":"25%%"}},
          "template":{"metadata":{"annotations":{"inject.istio.io/templates":"gateway",
            "prometheus.io/path":"/stats/prometheus","prometheus.io/port":"15020","prometheus.io/scrape":"true",
            "sidecar.istio.io/inject":"true"},
           "labels":{"app":"istio-eastwestgateway","chart":"gateways","heritage":"Tiller",
            "install.operator.istio.io/owning-resource":"unknown","istio":"eastwestgateway",
            "operator.istio.io/component":"IngressGateways","release":"istio","sidecar.istio.io/inject":"true",
            "topology.istio.io/network":"%s"}},
          "spec":{"containers":[{"env":[{"name":"ISTIO_META_REQUESTED_NETWORK_VIEW","value":"%s"},
              {"name":"ISTIO_META_UNPRIVILEGED_POD","value":"true"}],
             "image":"auto","name":"istio-proxy",
             "ports":[{"containerPort":15021,"protocol":"TCP"},{"containerPort":15443,"protocol":"TCP"},
              {"containerPort":15012,"protocol":"TCP"},{"containerPort":15017,"protocol":"TCP"},
              {"containerPort":15090,"name":"http-envoy-prom","protocol":"TCP"}],
             "resources":{"limits":{"cpu":"2000m","memory":"1024Mi"},"requests":{"cpu":"100m","memory":"128Mi"}},
             "securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},
              "privileged":false,"readOnlyRootFilesystem":true},
             "volumeMounts":[{"mountPath":"/etc/istio/ingressgateway-certs","name":"ingressgateway-certs","readOnly":true},
              {"mountPath":"/etc/istio/ingressgateway-ca-certs","name":"ingressgateway-ca-certs","readOnly":true}]}],
           "serviceAccountName":"istio-eastwestgateway-service-account",
           "volumes":[{"name":"ingressgateway-certs","secret":{"optional":true,"secretName":"istio-ingressgateway-certs"}},
            {"name":"ingressgateway-ca-certs","secret":{"optional":true,"secretName":"istio-ingressgateway-ca-certs"}}]%s}}}}"""
            .formatted(meta, selector, network, network, placement));
    stored(
        api,
        "/apis/policy/v1/namespaces/istio-system/poddisruptionbudgets",
        """
        {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"istio-eastwestgateway",%s},
         "spec":{"minAvailable":1,"selector":{"matchLabels":%s}}}"""
            .formatted(meta, selector));
    stored(
        api,
        "/apis/rbac.authorization.k8s.io/v1/namespaces/istio-system/roles",
        """
        {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"istio-eastwestgateway-sds",
         "namespace":"istio-system","labels":{%s},%s},
         "rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get","watch","list"]}]}"""
            .formatted(operatorLabels, HASH));
    stored(
        api,
        "/apis/rbac.authorization.k8s.io/v1/namespaces/istio-system/rolebindings",
        """
        {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"istio-eastwestgateway-sds",
         "namespace":"istio-system","labels":{%s},%s},
         "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"istio-eastwestgateway-sds"},
         "subjects":[{"kind":"ServiceAccount","name":"istio-eastwestgateway-service-account"}]}"""
            .formatted(operatorLabels, HASH));
    stored(
        api,
        "/apis/autoscaling/v2/namespaces/istio-system/horizontalpodautoscalers",
        """
        {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"istio-eastwestgateway",%s},
         "spec":{"maxReplicas":5,"metrics":[{"resource":{"name":"cpu","target":{"averageUtilization":80,
          "type":"Utilization"}},"type":"Resource"}],"minReplicas":1,
          "scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"istio-eastwestgateway"}}}"""
            .formatted(meta));
    stored(
        api,
        SYSTEM + "/services",
        """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"istio-eastwestgateway",%s},
         "spec":{"ports":[{"name":"status-port","port":15021,"protocol":"TCP","targetPort":15021},
          {"name":"tls","port":15443,"protocol":"TCP","targetPort":15443},
          {"name":"tls-istiod","port":15012,"protocol":"TCP","targetPort":15012},
          {"name":"tls-webhook","port":15017,"protocol":"TCP","targetPort":15017}],
          "selector":%s,"type":"LoadBalancer"}}"""
            .formatted(meta, selector));
  }

  @Test
  void theAgentsUpdatesAndSharedNamespacePatches() {
    ApiServerFixture api = ApiServerFixture.start();
    try {
      accepted(
          api,
          "/apis/sailoperator.io/v1/istios",
          """
          {"apiVersion":"sailoperator.io/v1","kind":"Istio","metadata":{"name":"default","labels":{%s},%s},
           "spec":{"version":"v1.28.6","namespace":"istio-system","values":{"global":{"meshID":"mesh1"}}}}"""
              .formatted(OWNED1, HASH));
      ObjectNode merged = (ObjectNode) api.get("/apis/sailoperator.io/v1/istios/default");
      merged.withObjectProperty("spec").put("version", "v1.28.1");
      assertThat(api.put("/apis/sailoperator.io/v1/istios/default", merged.toString()).code())
          .isEqualTo(200);

      String ops =
          "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{}},"
              + "{\"op\":\"add\",\"path\":\"/metadata/labels/meshfed.io~1cluster\",\"value\":\"cluster1\"},"
              + "{\"op\":\"add\",\"path\":\"/metadata/labels/meshfed.io~1mesh\",\"value\":\"mesh1\"}]";
      assertThat(api.jsonPatch("/api/v1/namespaces/default", ops).code()).isEqualTo(202);
      assertThat(
              api.get("/api/v1/namespaces/default")
                  .at("/metadata/labels/meshfed.io~1mesh")
                  .asText())
          .isEqualTo("mesh1");
    } finally {
      api.close();
    }
  }

  /**
   * Inputs the hub accepts today (hub-service model/Names.isIstioVersion, FieldChecks.placement)
   * that the agent renders as they are and a real API server refuses.
   */
  @Test
  void whatTheHubLetsThroughAndTheApiServerRefuses() {
    ApiServerFixture api = ApiServerFixture.start();
    try {
      // istioVersion "1.28" (or "v1.29.0"): MemberTopology.istioVersion() makes it "v1.28"
      ApiServerFixture.Answer version =
          api.post(
              "/apis/sailoperator.io/v1/istiocnis",
              "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"IstioCNI\",\"metadata\":{\"name\":\"default\"},"
                  + "\"spec\":{\"version\":\"v1.28\",\"namespace\":\"istio-cni\"}}");
      assertThat(Refusals.fields(version)).first().isEqualTo("spec.version");

      // gatewayPlacement: a nodeSelector key with a space, a toleration without key or operator
      String pod =
          "{\"metadata\":{\"labels\":{\"app\":\"gw\"}},\"spec\":{\"containers\":[{\"name\":\"istio-proxy\","
              + "\"image\":\"auto\"}],\"nodeSelector\":{\"node role\":\"infra\"},"
              + "\"tolerations\":[{\"effect\":\"NoSchedule\",\"value\":\"reserved\"}]}}";
      ApiServerFixture.Answer placement =
          api.post(
              "/apis/apps/v1/namespaces/istio-system/deployments",
              "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"gw\"},"
                  + "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"gw\"}},\"template\":"
                  + pod
                  + "}}");
      assertThat(Refusals.fields(placement))
          .containsExactly(
              "spec.template.spec.nodeSelector", "spec.template.spec.tolerations[0].operator");
    } finally {
      api.close();
    }
  }
}
