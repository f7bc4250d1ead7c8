package io.meshfed.agent.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The secrets of a member beside its Istio objects, as the agent's security step decided them.
 *
 * @param caCerts the {@code cacerts} Secret meshfed writes, if it writes one
 * @param caReady whether a usable {@code cacerts} is in place once {@code caCerts} is written;
 *     until then {@code Istio} is not installed (istiod would start with a CA of its own) and an
 *     existing one is left alone
 * @param credentials the reader service account (where meshfed makes it) and the reader token
 *     Secrets: applied once Istio is Ready, whose installation creates the account
 * @param refusedPeers peers whose sealed credential was refused: their remote secret stays as it is
 *     and is not waited for
 */
public record SecurityObjects(
    Optional<Secret> caCerts,
    boolean caReady,
    List<HasMetadata> credentials,
    Set<String> refusedPeers) {

  public SecurityObjects {
    credentials = List.copyOf(credentials);
    refusedPeers = Set.copyOf(refusedPeers);
  }

  /** A CA in place that meshfed does not write, and no credentials of this cluster to share. */
  public static SecurityObjects caInPlace() {
    return new SecurityObjects(Optional.empty(), true, List.of(), Set.of());
  }
}
