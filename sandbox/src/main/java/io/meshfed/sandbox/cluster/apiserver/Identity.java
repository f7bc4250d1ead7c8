package io.meshfed.sandbox.cluster.apiserver;

import java.util.List;
import java.util.Optional;

/**
 * Who sent a request, as the API server's authenticators name users ({@code
 * staging/src/k8s.io/apiserver/pkg/authentication/user/user.go}, {@code
 * pkg/serviceaccount/util.go}).
 *
 * @param user the user name, e.g. {@code
 *     system:serviceaccount:istio-system:istio-reader-service-account}
 * @param groups the groups, e.g. {@code system:masters} or {@code system:serviceaccounts:<ns>}
 */
public record Identity(String user, List<String> groups) {

  public static final String MASTERS = "system:masters";
  public static final String AUTHENTICATED = "system:authenticated";
  public static final String UNAUTHENTICATED = "system:unauthenticated";
  private static final String SA_PREFIX = "system:serviceaccount:";

  public Identity {
    groups = List.copyOf(groups);
  }

  /**
   * The cluster's administrator (kubeadm's {@code kubernetes-admin}, in {@code system:masters}).
   */
  public static Identity admin() {
    return new Identity("kubernetes-admin", List.of(MASTERS, AUTHENTICATED));
  }

  /** A request without credentials. */
  public static Identity anonymous() {
    return new Identity("system:anonymous", List.of(UNAUTHENTICATED));
  }

  /** A service account's identity, with the groups the token authenticator adds. */
  public static Identity serviceAccount(String namespace, String name) {
    return new Identity(
        SA_PREFIX + namespace + ":" + name,
        List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, AUTHENTICATED));
  }

  public boolean isAdmin() {
    return groups.contains(MASTERS);
  }

  /** For a service account: its namespace and name. */
  public Optional<String[]> serviceAccount() {
    if (!user.startsWith(SA_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = user.substring(SA_PREFIX.length()).split(":", 2);
    return parts.length == 2 ? Optional.of(parts) : Optional.empty();
  }
}
