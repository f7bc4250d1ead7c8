package io.meshfed.agent.security;

import io.meshfed.events.model.AppliedCredentials;
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
 * @param sharedCredentialRouted whether this cluster's own record on {@code meshfed.credentials.v1}
 *     carries exactly {@code sharedCredential}: the status then names it by its id only
 * @param holdsRemoteSecrets whether the cluster is a primary, which reports the peers' credentials
 *     it applied (as a digest)
 * @param appliedCredentials the id of each peer's credential in its remote secret
 * @param refusedCredentials the peers' credentials that did not open
 */
public record SecurityFacts(
    Optional<String> intermediateCsr,
    Optional<Instant> intermediateNotAfter,
    Optional<Condition> trustChain,
    Optional<Condition> credentialsShared,
    Optional<CredentialEnvelope> sharedCredential,
    boolean sharedCredentialRouted,
    boolean holdsRemoteSecrets,
    SortedMap<String, String> appliedCredentials,
    List<PeerCredentialOpener.Refusal> refusedCredentials) {

  public SecurityFacts {
    appliedCredentials = Collections.unmodifiableSortedMap(new TreeMap<>(appliedCredentials));
    refusedCredentials = List.copyOf(refusedCredentials);
    sharedCredentialRouted = sharedCredentialRouted && sharedCredential.isPresent();
  }

  /** Nothing to report: not a member, or leaving. */
  public static SecurityFacts none() {
    return new SecurityFacts(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        false,
        new TreeMap<>(),
        List.of());
  }

  /**
   * The digest of the peers' credentials applied ({@link AppliedCredentials#digest}), for a
   * primary; empty for a remote.
   */
  public Optional<String> appliedCredentialsDigest() {
    return holdsRemoteSecrets
        ? Optional.of(AppliedCredentials.digest(appliedCredentials))
        : Optional.empty();
  }

  /** The envelope to send in the status: only while this cluster's own record does not carry it. */
  public Optional<CredentialEnvelope> sharedCredentialToSend() {
    return sharedCredentialRouted ? Optional.empty() : sharedCredential;
  }
}
