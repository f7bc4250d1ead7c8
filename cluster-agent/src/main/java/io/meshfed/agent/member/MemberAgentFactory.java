package io.meshfed.agent.member;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.credentials.PeerCredentials;
import io.meshfed.agent.messaging.ReplayTracker;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.reconcile.ClusterReconciler;
import io.meshfed.agent.reconcile.DesiredStateStore;
import io.meshfed.agent.reconcile.MeshLeaver;
import io.meshfed.agent.reconcile.ReconcileExecutor;
import io.meshfed.agent.reconcile.ReconcileLoop;
import io.meshfed.agent.resource.ResourceApplier;
import io.meshfed.agent.status.StatusPublisher;
import io.meshfed.agent.status.StatusReporter;
import io.meshfed.agent.watch.ClusterWatches;
import io.meshfed.agent.watch.NodeLocalities;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds the {@link MemberAgent} of a served cluster from its name and Kubernetes client: the
 * cluster's own parts (desired state, applier, reconciler, leaver, watches, status reporter,
 * reconcile loop) wired to the parts every cluster shares (configuration, metrics, peer
 * credentials, the status producer, the reconcile threads, the replay of the state topics).
 *
 * <p>A new per-cluster part is built here from the same inputs and handed to the parts that use it;
 * if it holds resources, {@link MemberAgent#stop()} releases them.
 */
@ApplicationScoped
public class MemberAgentFactory {

  private final AgentConfig config;
  private final AgentMetrics metrics;
  private final PeerCredentials credentials;
  private final StatusPublisher publisher;
  private final ReconcileExecutor executor;
  private final ReplayTracker replay;

  public MemberAgentFactory(
      AgentConfig config,
      AgentMetrics metrics,
      PeerCredentials credentials,
      StatusPublisher publisher,
      ReconcileExecutor executor,
      ReplayTracker replay) {
    this.config = config;
    this.metrics = metrics;
    this.credentials = credentials;
    this.publisher = publisher;
    this.executor = executor;
    this.replay = replay;
  }

  /** The agent of one cluster, not started. */
  public MemberAgent create(String cluster, KubernetesClient client) {
    DesiredStateStore store = new DesiredStateStore();
    ResourceApplier applier = new ResourceApplier(client, metrics, config);
    NodeLocalities localities = new NodeLocalities();
    ClusterWatches watches = new ClusterWatches(cluster, client, localities);
    StatusReporter status =
        new StatusReporter(
            cluster,
            config.agentVersion(),
            config.apiServerUrl().orElseGet(() -> client.getConfiguration().getMasterUrl()),
            localities,
            publisher,
            metrics);
    ReconcileLoop loop =
        new ReconcileLoop(
            cluster,
            store,
            new ClusterReconciler(cluster, applier, credentials),
            new MeshLeaver(cluster, applier),
            status,
            watches,
            metrics,
            replay,
            executor,
            config.retry());
    return new MemberAgent(cluster, client, store, loop, status, executor, config.resyncInterval());
  }
}
