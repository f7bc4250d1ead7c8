package io.meshfed.agent.member;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.messaging.ReplayTracker;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.reconcile.ClusterReconciler;
import io.meshfed.agent.reconcile.DesiredStateStore;
import io.meshfed.agent.reconcile.MeshLeaver;
import io.meshfed.agent.reconcile.ReconcileExecutor;
import io.meshfed.agent.reconcile.ReconcileLoop;
import io.meshfed.agent.resource.ApplyException;
import io.meshfed.agent.resource.ObservedKind;
import io.meshfed.agent.resource.ResourceApplier;
import io.meshfed.agent.security.AgentKeyStore;
import io.meshfed.agent.security.ClientCaBundle;
import io.meshfed.agent.security.CredentialSealing;
import io.meshfed.agent.security.CredentialSharing;
import io.meshfed.agent.security.MemberSecurity;
import io.meshfed.agent.status.StatusPublisher;
import io.meshfed.agent.status.StatusReporter;
import io.meshfed.agent.watch.ClusterWatches;
import io.meshfed.agent.watch.NodeLocalities;
import io.meshfed.security.ca.RenewalPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Builds the {@link MemberAgent} of a served cluster from its name and Kubernetes client: the
 * cluster's own parts (desired state, applier, keys, security step, reconciler, leaver, watches,
 * status reporter, reconcile loop) wired to the parts every cluster shares (configuration, metrics,
 * the status producer, the reconcile threads, the replay of the state topics).
 *
 * <p>A new per-cluster part is built here from the same inputs and handed to the parts that use it;
 * if it holds resources, {@link MemberAgent#stop()} releases them.
 */
@ApplicationScoped
public class MemberAgentFactory {

  private static final Logger LOG = Logger.getLogger(MemberAgentFactory.class);

  private final AgentConfig config;
  private final AgentMetrics metrics;
  private final StatusPublisher publisher;
  private final ReconcileExecutor executor;
  private final ReplayTracker replay;
  private final RenewalPolicy intermediateRenewal;
  private final RenewalPolicy readerTokenRenewal;
  private final Clock clock;

  /**
   * @throws IllegalArgumentException when a renewal fraction of {@code meshfed.agent.security} is
   *     not strictly between 0 and 1
   */
  public MemberAgentFactory(
      AgentConfig config,
      AgentMetrics metrics,
      StatusPublisher publisher,
      ReconcileExecutor executor,
      ReplayTracker replay,
      Clock clock) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.publisher = publisher;
    this.executor = executor;
    this.replay = replay;
    this.intermediateRenewal =
        renewal(
            config.security().intermediateRenewalFraction(),
            "meshfed.agent.security.intermediate-renewal-fraction");
    this.readerTokenRenewal =
        renewal(
            config.security().readerTokenRenewalFraction(),
            "meshfed.agent.security.reader-token-renewal-fraction");
  }

  /** The agent of one cluster, not started. */
  public MemberAgent create(String cluster, KubernetesClient client) {
    DesiredStateStore store = new DesiredStateStore();
    ResourceApplier applier = new ResourceApplier(client, metrics, config);
    AgentKeyStore keys = new AgentKeyStore(cluster, applier);
    NodeLocalities localities = new NodeLocalities();
    ClusterWatches watches = new ClusterWatches(cluster, client, localities);
    Supplier<Optional<String>> apiServerUrl =
        ApiServerAddress.remembered(
            () ->
                ApiServerAddress.resolve(
                    config.apiServerUrl(),
                    () -> clusterInfo(applier),
                    client.getConfiguration().getMasterUrl(),
                    Optional.ofNullable(System.getenv("KUBERNETES_SERVICE_HOST"))));
    StatusReporter status =
        new StatusReporter(
            cluster, config.agentVersion(), apiServerUrl, localities, publisher, keys, metrics);
    MemberSecurity security =
        new MemberSecurity(
            cluster,
            applier,
            keys,
            new CredentialSharing(
                cluster,
                new CredentialSealing(cluster),
                config.security().readerTokenLifetime(),
                readerTokenRenewal),
            apiServerUrl,
            ClientCaBundle.of(client.getConfiguration()),
            config.security().intermediateKeyType(),
            intermediateRenewal,
            metrics,
            clock);
    ReconcileLoop loop =
        new ReconcileLoop(
            cluster,
            store,
            keys,
            new ClusterReconciler(cluster, applier, security),
            new MeshLeaver(cluster, applier),
            status,
            watches,
            metrics,
            replay,
            executor,
            config.retry());
    return new MemberAgent(cluster, client, store, loop, status, executor, config.resyncInterval());
  }

  /** kubeadm's {@code kube-public/cluster-info}, if it exists and can be read. */
  private static Optional<GenericKubernetesResource> clusterInfo(ResourceApplier applier) {
    try {
      return applier.read(ObservedKind.CONFIG_MAP, "kube-public", "cluster-info");
    } catch (ApplyException e) {
      LOG.debugf("kube-public/cluster-info cannot be read: %s", e.getMessage());
      return Optional.empty();
    }
  }

  private static RenewalPolicy renewal(double fraction, String property) {
    try {
      return new RenewalPolicy(fraction);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }
}
