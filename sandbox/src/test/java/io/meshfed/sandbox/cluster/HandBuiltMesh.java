package io.meshfed.sandbox.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.security.ca.CaCertsBundle;
import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.CsrSigner;
import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.ca.IssuedIntermediate;
import io.meshfed.security.ca.MeshRootCa;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Simulated clusters set up by hand, the way the seeds' procedures set up real ones (namespaces,
 * {@code cacerts}, {@code IstioCNI}, {@code Istio}, the east-west gateway, {@code expose-services},
 * {@code expose-istiod}, remote secrets), so that each rule of the simulated Sail operator, istiod
 * and kubelet can be shown on its own, and broken on purpose, without meshfed's agent.
 */
final class HandBuiltMesh implements AutoCloseable {

  /** Fast timings, so that tests do not wait seconds for what the sandbox waits seconds for. */
  static final SimulationTimings FAST =
      new SimulationTimings(
          Duration.ofMillis(300),
          Duration.ofMillis(100),
          Duration.ofMillis(400),
          Duration.ofMillis(100),
          Duration.ofMillis(300),
          Duration.ofSeconds(15),
          Duration.ofMillis(100));

  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final String VERSION = "v1.28.1";

  final SimulatedWorld world = new SimulatedWorld();
  final MeshRootCa root =
      MeshRootCa.generate("mesh1", CaKeyType.EC_P256, Duration.ofDays(30), Clock.systemUTC());
  private final List<SimulatedCluster> clusters = new ArrayList<>();

  SimulatedCluster cluster(String name, String... pool) {
    SimulatedCluster c =
        SimulatedCluster.start(
            SimulatedClusterSpec.of(name, "region1", "zone1", null, new AddressPool(List.of(pool)))
                .withTimings(FAST),
            world);
    clusters.add(c);
    return c;
  }

  /**
   * {@code istio-system} (with its network, and a remote's control-plane annotation) and {@code
   * istio-cni}.
   */
  void namespaces(SimulatedCluster c, String network, String controlPlaneCluster) {
    apply(
        c,
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: istio-system
          labels:
            topology.istio.io/network: %s
        %s
        """
            .formatted(
                network,
                controlPlaneCluster == null
                    ? ""
                    : "  annotations:\n    topology.istio.io/controlPlaneClusters: "
                        + controlPlaneCluster));
    apply(c, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-cni\n");
  }

  /** {@code cacerts}: an intermediate of the common root. */
  void cacerts(SimulatedCluster c) {
    IntermediateCsr csr = IntermediateCsr.generate(c.name(), CaKeyType.EC_P256);
    CaCertsBundle bundle;
    try {
      IssuedIntermediate issued =
          new CsrSigner(root, Duration.ofDays(7), Clock.systemUTC()).sign(c.name(), csr.csrPem());
      bundle =
          CaCertsBundle.of(
              issued.certificatePem(), csr.privateKeyPem(), issued.rootCertificatePem());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    StringBuilder data = new StringBuilder();
    bundle
        .secretData()
        .forEach((k, v) -> data.append("  ").append(k).append(": ").append(b64(v)).append('\n'));
    apply(
        c,
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\ntype: Opaque\ndata:\n"
            + data);
  }

  void cni(SimulatedCluster c) {
    apply(
        c,
        """
        apiVersion: sailoperator.io/v1
        kind: IstioCNI
        metadata:
          name: default
        spec:
          version: %s
          namespace: istio-cni
        """
            .formatted(VERSION));
  }

  /** A primary's {@code Istio}, as seed 000 and 003 write it. */
  void primaryIstio(SimulatedCluster c, String network, boolean externalIstiod, String extraPilot) {
    apply(
        c,
        """
        apiVersion: sailoperator.io/v1
        kind: Istio
        metadata:
          name: default
        spec:
          version: %s
          namespace: istio-system
          values:
            global:
              meshID: mesh1
              multiCluster:
                clusterName: %s
              network: %s
              externalIstiod: %s
            pilot:
              cni:
                enabled: true
        %s
        """
            .formatted(VERSION, c.name(), network, externalIstiod, extraPilot));
  }

  /**
   * A remote's {@code Istio} (seed 003): the remote profile, its injection path, its primary's
   * address.
   */
  void remoteIstio(SimulatedCluster c, String network, String remotePilotAddress) {
    apply(
        c,
        """
        apiVersion: sailoperator.io/v1
        kind: Istio
        metadata:
          name: default
        spec:
          version: %s
          namespace: istio-system
          profile: remote
          values:
            istiodRemote:
              injectionPath: /inject/cluster/%s/net/%s
            global:
              remotePilotAddress: %s
        """
            .formatted(VERSION, c.name(), network, remotePilotAddress));
  }

  /**
   * The east-west gateway: a LoadBalancer Service and an injected Deployment ({@code image: auto}).
   */
  void eastWestGateway(SimulatedCluster c, String network) {
    apply(c, eastWestService(network));
    apply(c, eastWestDeployment(network));
  }

  String eastWestService(String network) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: istio-eastwestgateway
          namespace: istio-system
          labels:
            istio: eastwestgateway
            topology.istio.io/network: %s
        spec:
          type: LoadBalancer
          selector:
            istio: eastwestgateway
          ports:
          - {name: status-port, port: 15021, targetPort: 15021}
          - {name: tls, port: 15443, targetPort: 15443}
          - {name: tls-istiod, port: 15012, targetPort: 15012}
          - {name: tls-webhook, port: 15017, targetPort: 15017}
        """
        .formatted(network);
  }

  String eastWestDeployment(String network) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: istio-eastwestgateway
          namespace: istio-system
        spec:
          replicas: 1
          selector:
            matchLabels:
              istio: eastwestgateway
          template:
            metadata:
              labels:
                istio: eastwestgateway
                sidecar.istio.io/inject: "true"
                topology.istio.io/network: %s
              annotations:
                inject.istio.io/templates: gateway
            spec:
              containers:
              - name: istio-proxy
                image: auto
        """
        .formatted(network);
  }

  /** Istio's {@code expose-services.yaml}: {@code cross-network-gateway}. */
  void crossNetworkGateway(SimulatedCluster c) {
    apply(
        c,
        """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: cross-network-gateway
          namespace: istio-system
        spec:
          selector:
            istio: eastwestgateway
          servers:
          - port: {number: 15443, name: tls, protocol: TLS}
            tls: {mode: AUTO_PASSTHROUGH}
            hosts: ["*.local"]
        """);
  }

  /** Istio's {@code expose-istiod.yaml}: {@code istiod-gateway} and {@code istiod-vs}. */
  void exposeIstiod(SimulatedCluster c) {
    apply(
        c,
        """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: istiod-gateway
          namespace: istio-system
        spec:
          selector:
            istio: eastwestgateway
          servers:
          - port: {name: tls-istiod, number: 15012, protocol: tls}
            tls: {mode: PASSTHROUGH}
            hosts: ["*"]
          - port: {name: tls-istiodwebhook, number: 15017, protocol: tls}
            tls: {mode: PASSTHROUGH}
            hosts: ["*"]
        """);
    apply(
        c,
        """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: istiod-vs
          namespace: istio-system
        spec:
          hosts: ["*"]
          gateways: [istiod-gateway]
          tls:
          - match: [{port: 15012, sniHosts: ["*"]}]
            route: [{destination: {host: istiod.istio-system.svc.cluster.local, port: {number: 15012}}}]
          - match: [{port: 15017, sniHosts: ["*"]}]
            route: [{destination: {host: istiod.istio-system.svc.cluster.local, port: {number: 443}}}]
        """);
  }

  /**
   * A token of {@code istio-reader-service-account} (once Istio's chart made the account), as
   * {@code istioctl create-remote-secret} makes one: a token Secret the token controller fills.
   */
  String readerToken(SimulatedCluster c, String secretName) {
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                c.client()
                        .serviceAccounts()
                        .inNamespace("istio-system")
                        .withName("istio-reader-service-account")
                        .get()
                    != null);
    apply(
        c,
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: %s
          namespace: istio-system
          annotations:
            kubernetes.io/service-account.name: istio-reader-service-account
        type: kubernetes.io/service-account-token
        """
            .formatted(secretName));
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              Secret s =
                  c.client().secrets().inNamespace("istio-system").withName(secretName).get();
              return s != null && s.getData() != null && s.getData().get("token") != null;
            });
    return new String(
        Base64.getDecoder()
            .decode(
                c.client()
                    .secrets()
                    .inNamespace("istio-system")
                    .withName(secretName)
                    .get()
                    .getData()
                    .get("token")),
        StandardCharsets.UTF_8);
  }

  /** The kubeconfig {@code istioctl create-remote-secret} writes for a peer. */
  static String kubeconfig(
      String cluster, String server, String caPem, String token, String tlsServerName) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            certificate-authority-data: %3$s
        %5$s
        contexts:
        - name: %1$s
          context: {cluster: %1$s, user: %1$s}
        current-context: %1$s
        users:
        - name: %1$s
          user:
            token: %4$s
        """
        .formatted(
            cluster,
            server,
            b64(caPem),
            token,
            tlsServerName == null ? "" : "    tls-server-name: " + tlsServerName);
  }

  /** {@code istio-remote-secret-<peer>} in {@code into}. */
  void remoteSecret(SimulatedCluster into, String peer, String kubeconfig) {
    apply(
        into,
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: istio-remote-secret-%1$s
          namespace: istio-system
          labels:
            istio/multiCluster: "true"
          annotations:
            networking.istio.io/cluster: %1$s
        type: Opaque
        data:
          %1$s: %2$s
        """
            .formatted(peer, b64(kubeconfig)));
  }

  /** The remote secret of {@code peer} with a fresh reader token, into {@code primary}. */
  void shareReader(SimulatedCluster peer, SimulatedCluster primary) {
    String token = readerToken(peer, "reader-token-" + primary.name());
    remoteSecret(
        primary,
        peer.name(),
        kubeconfig(peer.name(), peer.apiServerUrl(), peer.apiServer().pki().caPem(), token, null));
  }

  /** Creates or replaces an object given as YAML, with the cluster's administrator credential. */
  static HasMetadata apply(SimulatedCluster c, String yaml) {
    KubernetesClient client = c.client();
    HasMetadata object = client.getKubernetesSerialization().unmarshal(yaml);
    return client.resource(object).createOr(existing -> existing.update());
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The status of a Sail resource, as a map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> status(
      SimulatedCluster c, io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext kind) {
    var r = c.client().genericKubernetesResources(kind).withName("default").get();
    return r == null
        ? Map.of()
        : (Map<String, Object>) r.getAdditionalProperties().getOrDefault("status", Map.of());
  }

  /** The {@code Ready} condition of a Sail resource. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> ready(
      SimulatedCluster c, io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext kind) {
    Object conditions = status(c, kind).get("conditions");
    if (conditions instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m && "Ready".equals(m.get("type"))) {
          return (Map<String, Object>) m;
        }
      }
    }
    return Map.of();
  }

  @Override
  public void close() {
    clusters.forEach(SimulatedCluster::close);
  }
}
