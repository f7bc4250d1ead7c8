package io.meshfed.sandbox.cluster.istiod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshfed.sandbox.cluster.SharedSerialization;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.sail.IstioSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * istiod's multicluster secret controller and per-cluster controllers, as far as reachability
 * depends on them:
 *
 * <ul>
 *   <li>{@link #sync}: the Secrets labelled {@code istio/multiCluster=true} in istiod's namespace,
 *       one cluster per data key (the key is the cluster ID); its own ID and an ID another Secret
 *       already registered are skipped; a changed kubeconfig makes a new cluster ({@code
 *       pkg/kube/multicluster/secretcontroller.go}).
 *   <li>{@link #check}: whether the cluster's informers can sync: the peer's API server, reached
 *       through the kubeconfig ({@link PeerApiClient}), must answer the lists the kube registry
 *       needs (namespaces, services, pods, nodes, endpointslices: {@code
 *       pilot/pkg/serviceregistry/kube/controller/controller.go}). A refused token leaves the
 *       cluster registered but unsynced, retried. Once synced, a re-check (the peer's credentials
 *       or faults changed, or a period passed) asks the peer whether the same lists would still be
 *       served, without reading them again, as informers keep watching what they listed.
 *   <li>{@link #lead}: with {@code EXTERNAL_ISTIOD}, the leadership decided once per added cluster
 *       from the remote's {@code topology.istio.io/controlPlaneClusters} annotation ({@code
 *       multicluster.go}, {@code checkShouldLead}), and the leader's duties in the remote: the
 *       webhook patcher ({@link WebhookCaBundles}) and the namespace controller's {@code
 *       istio-ca-root-cert} ConfigMaps (every namespace but {@code kube-public}, {@code
 *       kube-node-lease} and {@code local-path-storage}).
 * </ul>
 */
final class RemoteReads {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteReads.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization K8S = SharedSerialization.INSTANCE;

  static final String MULTI_CLUSTER_LABEL = "istio/multiCluster";
  static final String CONTROL_PLANE_CLUSTERS = "topology.istio.io/controlPlaneClusters";
  static final String ROOT_CERT_CONFIGMAP = "istio-ca-root-cert";
  private static final List<String> SKIPPED_NAMESPACES =
      List.of("kube-public", "kube-node-lease", "local-path-storage");

  /** The lists istiod's kube registry must sync for a cluster, with what each is. */
  static final Map<String, String> REQUIRED_LISTS = requiredLists();

  private static final Duration RETRY = Duration.ofSeconds(2);
  private static final Duration ROOT_CERT_PERIOD = Duration.ofSeconds(10);

  private final SimulatedCluster home;
  private final Clock clock;
  private final PeerApiClient peers;
  private final Map<String, Instant> rootCertsWritten = new LinkedHashMap<>();

  /**
   * Each remote's last kubeconfig (base64) and its hash, so that an unchanged one is not hashed.
   */
  private final Map<String, String[]> kubeconfigHashes = new LinkedHashMap<>();

  RemoteReads(SimulatedCluster home, Clock clock) {
    this.home = home;
    this.clock = clock;
    this.peers = new PeerApiClient(home.world());
  }

  /** Brings the remotes in line with the remote secrets istiod's namespace holds. */
  void sync(Map<String, RemoteCluster> remotes, IstioSpec spec, String ownId) {
    Map<String, String[]> wanted = new LinkedHashMap<>();
    List<Secret> secrets =
        home.view().secrets().stream()
            .filter(s -> spec.namespace().equals(s.getMetadata().getNamespace()))
            .filter(
                s ->
                    s.getMetadata().getLabels() != null
                        && "true".equals(s.getMetadata().getLabels().get(MULTI_CLUSTER_LABEL)))
            .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
            .toList();
    for (Secret s : secrets) {
      if (s.getData() == null) {
        continue;
      }
      s.getData()
          .forEach(
              (id, kubeconfig) -> {
                if (!id.equals(ownId) && !wanted.containsKey(id)) {
                  wanted.put(id, new String[] {s.getMetadata().getName(), kubeconfig});
                }
              });
    }
    remotes.keySet().removeIf(id -> !wanted.containsKey(id));
    kubeconfigHashes.keySet().removeIf(id -> !wanted.containsKey(id));
    wanted.forEach(
        (id, entry) -> {
          String[] known = kubeconfigHashes.get(id);
          String hash = known != null && known[0].equals(entry[1]) ? known[1] : sha256(entry[1]);
          kubeconfigHashes.put(id, new String[] {entry[1], hash});
          RemoteCluster current = remotes.get(id);
          if (current != null && current.kubeconfigHash().equals(hash)) {
            return;
          }
          Optional<RemoteKubeconfig> parsed = Optional.empty();
          String problem = "not checked yet";
          try {
            parsed =
                Optional.of(
                    RemoteKubeconfig.parse(
                        new String(Base64.getDecoder().decode(entry[1]), StandardCharsets.UTF_8)));
          } catch (IllegalArgumentException e) {
            problem =
                "its remote secret " + entry[0] + " holds no usable kubeconfig: " + e.getMessage();
          }
          remotes.put(id, RemoteCluster.added(id, entry[0], hash, parsed, problem));
          LOG.info(
              "istiod (simulated) on cluster {}: remote cluster {} added from secret {}",
              home.name(),
              id,
              entry[0]);
        });
  }

  /** Re-checks the remotes that are due: new ones, unsynced ones, ones whose peer changed. */
  void check(Map<String, RemoteCluster> remotes, String ownId, IstioSpec spec) {
    Instant now = clock.instant();
    for (Map.Entry<String, RemoteCluster> e : new ArrayList<>(remotes.entrySet())) {
      RemoteCluster r = e.getValue();
      if (r.kubeconfig().isEmpty()) {
        continue;
      }
      long generation =
          home.world()
              .apiServerAt(r.kubeconfig().get().server())
              .map(
                  c ->
                      c.apiServer().securityGeneration() * 31
                          + (c.apiServer().faults().current().isPresent() ? 1 : 0))
              .orElse(-1L);
      boolean due =
          r.checkedAt().equals(Instant.EPOCH)
              || (!r.synced() && now.isAfter(r.checkedAt().plus(RETRY)))
              || generation != r.peerSecurityGeneration()
              || now.isAfter(r.checkedAt().plus(home.timings().peerRecheck()));
      if (!due) {
        continue;
      }
      // A cluster not synced yet lists everything; one already synced holds the data (its
      // informers watch it), so a re-check asks only whether it could still read it.
      String problem = listProblem(r, !r.synced());
      RemoteCluster checked = r.checked(problem == null, problem, now, generation);
      if (checked.synced() != r.synced() || r.checkedAt().equals(Instant.EPOCH)) {
        LOG.info(
            "istiod (simulated) on cluster {}: remote cluster {} {}",
            home.name(),
            r.clusterId(),
            problem == null ? "synced" : "not synced: " + problem);
      }
      if (checked.leader().isEmpty()) {
        checked = decideLeadership(checked, ownId, spec);
      }
      e.setValue(checked);
    }
  }

  /** The leader's duties in each remote it leads and reads. */
  void lead(Map<String, RemoteCluster> remotes, String rootPem) {
    Instant now = clock.instant();
    for (RemoteCluster r : remotes.values()) {
      if (!r.synced() || !r.leader().orElse(false)) {
        continue;
      }
      RemoteKubeconfig k = r.kubeconfig().orElseThrow();
      PeerApiClient.Response list =
          peers.send(
              k,
              "GET",
              "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
              null,
              null);
      if (list.ok()) {
        List<MutatingWebhookConfiguration> configs =
            K8S.unmarshal(list.body(), MutatingWebhookConfigurationList.class).getItems();
        WebhookCaBundles.patches(configs, IstiodSimulator.REVISION, rootPem)
            .forEach(
                (name, patch) -> {
                  PeerApiClient.Response patched =
                      peers.send(
                          k,
                          "PATCH",
                          "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/"
                              + name,
                          patch,
                          "application/json-patch+json");
                  LOG.info(
                      "istiod (simulated) on cluster {}: caBundle of {} in {}: {}",
                      home.name(),
                      name,
                      r.clusterId(),
                      patched.ok() ? "patched" : patched.status() + " " + patched.error());
                });
      }
      Instant last = rootCertsWritten.get(r.clusterId());
      if (last == null || now.isAfter(last.plus(ROOT_CERT_PERIOD))) {
        writeRootCerts(k, rootPem);
        rootCertsWritten.put(r.clusterId(), now);
      }
    }
  }

  private RemoteCluster decideLeadership(RemoteCluster r, String ownId, IstioSpec spec) {
    if (!spec.externalIstiod()) {
      return r.deciding(false);
    }
    PeerApiClient.Response ns =
        peers.send(
            r.kubeconfig().get(), "GET", "/api/v1/namespaces/" + spec.namespace(), null, null);
    if (ns.status() == 404) {
      return r.deciding(false);
    }
    if (!ns.ok()) {
      return r;
    }
    String annotation = "";
    try {
      annotation =
          JSON.readTree(ns.body())
              .path("metadata")
              .path("annotations")
              .path(CONTROL_PLANE_CLUSTERS)
              .asText("");
    } catch (IOException e) {
      return r;
    }
    boolean leads = false;
    for (String c : annotation.split(",")) {
      if (c.trim().equals("*") || c.trim().equals(ownId)) {
        leads = true;
      }
    }
    LOG.info(
        "istiod (simulated) on cluster {}: {} remote cluster {} (its {} is '{}')",
        home.name(),
        leads ? "leads" : "does not lead",
        r.clusterId(),
        CONTROL_PLANE_CLUSTERS,
        annotation);
    return r.deciding(leads);
  }

  /**
   * Why the lists istiod needs fail, or null when every one answers.
   *
   * @param read whether to read the lists, or only to ask whether they would be served
   */
  private String listProblem(RemoteCluster r, boolean read) {
    RemoteKubeconfig k = r.kubeconfig().orElseThrow();
    for (Map.Entry<String, String> list : REQUIRED_LISTS.entrySet()) {
      PeerApiClient.Response response =
          read
              ? peers.send(k, "GET", list.getKey(), null, null)
              : peers.access(k, "GET", list.getKey());
      if (!response.ok()) {
        String what =
            response.status() == 0
                ? response.error()
                : response.status() + " " + Optional.ofNullable(response.error()).orElse("");
        return "listing "
            + list.getValue()
            + " with the kubeconfig of secret "
            + r.secret()
            + " fails: "
            + what;
      }
    }
    return null;
  }

  private void writeRootCerts(RemoteKubeconfig k, String rootPem) {
    PeerApiClient.Response namespaces = peers.send(k, "GET", "/api/v1/namespaces", null, null);
    if (!namespaces.ok()) {
      return;
    }
    JsonNode items;
    try {
      items = JSON.readTree(namespaces.body()).path("items");
    } catch (IOException e) {
      return;
    }
    for (JsonNode ns : items) {
      String name = ns.path("metadata").path("name").asText();
      if (SKIPPED_NAMESPACES.contains(name)
          || ns.path("metadata").hasNonNull("deletionTimestamp")) {
        continue;
      }
      String path = "/api/v1/namespaces/" + name + "/configmaps/" + ROOT_CERT_CONFIGMAP;
      PeerApiClient.Response current = peers.send(k, "GET", path, null, null);
      String body =
          K8S.asJson(
              Map.of(
                  "apiVersion",
                  "v1",
                  "kind",
                  "ConfigMap",
                  "metadata",
                  Map.of(
                      "name",
                      ROOT_CERT_CONFIGMAP,
                      "namespace",
                      name,
                      "labels",
                      Map.of("istio.io/config", "true")),
                  "data",
                  Map.of("root-cert.pem", rootPem)));
      if (current.status() == 404) {
        peers.send(
            k, "POST", "/api/v1/namespaces/" + name + "/configmaps", body, "application/json");
      } else if (current.ok() && !current.body().contains(JSON.valueToTree(rootPem).toString())) {
        peers.send(k, "PUT", path, body, "application/json");
      }
    }
  }

  private static Map<String, String> requiredLists() {
    Map<String, String> lists = new LinkedHashMap<>();
    lists.put("/api/v1/namespaces", "namespaces");
    lists.put("/api/v1/services", "services");
    lists.put("/api/v1/pods", "pods");
    lists.put("/api/v1/nodes", "nodes");
    lists.put("/apis/discovery.k8s.io/v1/endpointslices", "endpointslices");
    return lists;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
