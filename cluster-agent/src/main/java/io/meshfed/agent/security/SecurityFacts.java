package io.meshfed.agent.security;

import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one reconcile found of the cluster's trust chain and credentials, for its status. Public
 * material and ciphertexts only.
 *
 * @param intermediateCsr the PEM request of the intermediate CA, while one is out
 * @param intermediateNotAfter the expiry of the intermediate istiod uses
 * @param trustChain the {@code TrustChain} condition
 * @param credentialsShared the {@code CredentialsShared} condition, when peers hold this cluster's
 *     remote secret
 * @param sharedCredential this cluster's credential sealed once for all its recipients
 * @param appliedCredentials the id of each peer's credential in its remote secret
 * @param refusedCredentials the peers' credentials that did not open
 */
public record SecurityFacts(
    Optional<String> intermediateCsr,
    Optional<Instant> intermediateNotAfter,
    Optional<Condition> trustChain,
    Optional<Condition> credentialsShared,
    Optional<CredentialEnvelope> sharedCredential,
    SortedMap<String, String> appliedCredentials,
    List<PeerCredentialOpener.Refusal> refusedCredentials) {

  public SecurityFacts {
    appliedCredentials = Collections.unmodifiableSortedMap(new TreeMap<>(appliedCredentials));
    refusedCredentials = List.copyOf(refusedCredentials);
  }

  /** Nothing to report: not a member, or leaving. */
  public static SecurityFacts none() {
    return new SecurityFacts(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        new TreeMap<>(),
        List.of());
  }
}
