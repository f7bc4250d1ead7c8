package io.meshfed.agent.member;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A cluster this agent process serves.
 *
 * @param name the cluster's name as the hub knows it: the key of its desired and status records
 * @param kubeconfig the kubeconfig that reaches it (hosted mode), or empty for the Kubernetes
 *     client's default configuration (single-cluster mode: in-cluster service account, {@code
 *     KUBECONFIG} or {@code ~/.kube/config})
 */
public record ServedCluster(String name, Optional<Path> kubeconfig) {

  /** A cluster reached with the default client configuration. */
  public static ServedCluster withDefaultClient(String name) {
    return new ServedCluster(name, Optional.empty());
  }

  /** A cluster reached through a kubeconfig file of its own. */
  public static ServedCluster withKubeconfig(String name, Path kubeconfig) {
    return new ServedCluster(name, Optional.of(kubeconfig));
  }
}
