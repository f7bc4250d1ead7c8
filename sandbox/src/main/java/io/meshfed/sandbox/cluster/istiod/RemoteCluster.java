package io.meshfed.sandbox.cluster.istiod;

import java.time.Instant;
import java.util.Optional;

/**
 * One cluster a primary's istiod was given a remote secret for, as its secret controller keeps it
 * ({@code pkg/kube/multicluster/secretcontroller.go}, {@code cluster.go}): the kubeconfig it was
 * built from (a changed kubeconfig is a new cluster), whether its informers are synced (the peer's
 * API server answers the lists istiod needs with the kubeconfig's credential), and, for an istiod
 * with {@code EXTERNAL_ISTIOD}, whether it leads the cluster, decided once from the cluster's
 * {@code topology.istio.io/controlPlaneClusters} annotation when it is added ({@code
 * pilot/pkg/serviceregistry/kube/controller/multicluster.go}, {@code checkShouldLead}).
 *
 * @param clusterId the secret's key: the peer's cluster ID
 * @param secret the Secret that holds it
 * @param kubeconfigHash tells a changed kubeconfig apart
 * @param kubeconfig the parsed kubeconfig, or empty with {@code problem} saying why it is unusable
 * @param synced whether the last check read the peer
 * @param problem why the peer is not read, when it is not
 * @param leader empty until the namespace could be read once after the cluster was added
 * @param checkedAt when the peer was last checked
 * @param peerSecurityGeneration the peer API server's security generation at that check
 */
public record RemoteCluster(
    String clusterId,
    String secret,
    String kubeconfigHash,
    Optional<RemoteKubeconfig> kubeconfig,
    boolean synced,
    String problem,
    Optional<Boolean> leader,
    Instant checkedAt,
    long peerSecurityGeneration) {

  /** A cluster just added: not checked yet. */
  static RemoteCluster added(
      String clusterId,
      String secret,
      String hash,
      Optional<RemoteKubeconfig> kubeconfig,
      String problem) {
    return new RemoteCluster(
        clusterId, secret, hash, kubeconfig, false, problem, Optional.empty(), Instant.EPOCH, -1);
  }

  RemoteCluster checked(boolean ok, String why, Instant at, long generation) {
    return new RemoteCluster(
        clusterId, secret, kubeconfigHash, kubeconfig, ok, why, leader, at, generation);
  }

  RemoteCluster deciding(boolean leads) {
    return new RemoteCluster(
        clusterId,
        secret,
        kubeconfigHash,
        kubeconfig,
        synced,
        problem,
        Optional.of(leads),
        checkedAt,
        peerSecurityGeneration);
  }
}
