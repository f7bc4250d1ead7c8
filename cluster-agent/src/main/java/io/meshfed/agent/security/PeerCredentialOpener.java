package io.meshfed.agent.security;

import io.meshfed.agent.credentials.KubeconfigReader;
import io.meshfed.agent.credentials.KubeconfigWriter;
import io.meshfed.agent.model.MemberTopology;
import io.meshfed.agent.model.PeerKubeconfig;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.seal.SealedEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * This cluster's side of the remote secrets it holds: for each peer (a primary's peers are the
 * senders of the credential records of its mesh on {@code meshfed.credentials.v1} but itself,
 * {@link MemberTopology#remoteSecretPeers(Map)}), the kubeconfig to write into {@code
 * istio-remote-secret-<peer>}, from the peer's record ({@link SharedCredential}). A peer whose
 * record is tombstoned (it left) is no peer any more, and its secret goes with the next complete
 * reconcile.
 *
 * <ul>
 *   <li>The remote secret already holds the envelope's credential (same id) pointing at the
 *       record's {@code apiServerUrl}: kept as it is, without opening the envelope again.
 *   <li>The peer's envelope is sealed for this cluster and opens with its recipient keys ({@link
 *       SealedEnvelope#open}: sender the peer, recipient this cluster, purpose {@code
 *       remote-secret}, the envelope's credential id), and the kubeconfig inside points at the
 *       record's {@code apiServerUrl}: that kubeconfig.
 *   <li>It does not open (changed, sealed to another cluster or under another context), or its
 *       kubeconfig points at another server than the record's {@code apiServerUrl} (or the record
 *       names none): refused; the remote secret stays as the cluster holds it, or is not written if
 *       there is none.
 *   <li>The peer's record has no envelope, or one not (yet) sealed for this cluster: the credential
 *       already in the remote secret stays; if there is none, a kubeconfig without a credential
 *       points at the record's {@code apiServerUrl}; while the record names none, nothing is
 *       written (the reconcile reports it).
 * </ul>
 */
public final class PeerCredentialOpener {

  /**
   * A remote secret meshfed wrote, as the cluster holds it.
   *
   * @param kubeconfig the kubeconfig under the peer's key
   * @param credentialId the id of the peer's credential inside, if it carries one
   */
  public record LiveRemoteSecret(String kubeconfig, Optional<String> credentialId) {
    @Override
    public String toString() {
      return "LiveRemoteSecret[" + credentialId.orElse("no credential") + "]";
    }
  }

  /**
   * The refusal reason of a credential that opened but points at another API server than the peer's
   * record names.
   */
  public static final String API_SERVER_MISMATCH = "ApiServerMismatch";

  /**
   * A peer's credential this cluster refused.
   *
   * @param reason {@code CiphertextRefused}, {@code MalformedCiphertext} (the library's), {@code
   *     NotARecipient}, or {@link #API_SERVER_MISMATCH}
   */
  public record Refusal(String peer, String reason, String message) {}

  /**
   * What the remote secrets get.
   *
   * @param peers the peers whose remote secret this cluster holds, sorted
   * @param kubeconfigs the kubeconfig of each peer that has one, by peer
   * @param applied the credential id in each peer's remote secret, by peer
   * @param refused the credentials that did not open
   */
  public record Opened(
      List<String> peers,
      Map<String, PeerKubeconfig> kubeconfigs,
      SortedMap<String, String> applied,
      List<Refusal> refused) {}

  private PeerCredentialOpener() {}

  /**
   * @param credentials the records of the mesh's members on {@code meshfed.credentials.v1}, by
   *     sender
   * @param keys this cluster's recipient keys
   * @param live the remote secrets meshfed wrote in this cluster, by peer
   */
  public static Opened open(
      MemberTopology topology,
      Map<String, SharedCredential> credentials,
      RecipientKeys keys,
      Map<String, LiveRemoteSecret> live) {
    String me = topology.clusterName();
    Map<String, PeerKubeconfig> kubeconfigs = new TreeMap<>();
    SortedMap<String, String> applied = new TreeMap<>();
    List<Refusal> refused = new ArrayList<>();
    List<String> peers = topology.remoteSecretPeers(credentials);
    for (String peer : peers) {
      Optional<SharedCredential> record = Optional.ofNullable(credentials.get(peer));
      Optional<CredentialEnvelope> envelope =
          sealedFor(me, record.map(SharedCredential::credential).orElse(null));
      Optional<LiveRemoteSecret> current = Optional.ofNullable(live.get(peer));
      if (envelope.isPresent() && holds(current, envelope.get(), record.get().apiServerUrl())) {
        // Opened before: the secret holds this credential and it points where the record says.
        keep(peer, current.get(), kubeconfigs, applied);
        continue;
      }
      if (envelope.isPresent()) {
        CredentialEnvelope sealed = envelope.get();
        try {
          byte[] plaintext =
              new SealedEnvelope(sealed.ciphertext(), sealed.recipients())
                  .open(keys, peer, me, SealContext.REMOTE_SECRET, sealed.credentialId());
          String kubeconfig = new String(plaintext, StandardCharsets.UTF_8);
          requireServer(peer, sealed.credentialId(), kubeconfig, record.get().apiServerUrl());
          kubeconfigs.put(peer, PeerKubeconfig.sealedBy(peer, kubeconfig, sealed.credentialId()));
          applied.put(peer, sealed.credentialId());
          continue;
        } catch (MaterialRejectedException e) {
          refused.add(new Refusal(peer, e.reason(), e.getMessage()));
          current.ifPresent(c -> keep(peer, c, kubeconfigs, applied));
          continue;
        }
      }
      if (current.isPresent() && current.get().credentialId().isPresent()) {
        keep(peer, current.get(), kubeconfigs, applied);
        continue;
      }
      record
          .map(SharedCredential::apiServerUrl)
          .filter(url -> !url.isBlank())
          .ifPresent(
              url ->
                  kubeconfigs.put(
                      peer,
                      new PeerKubeconfig(
                          peer,
                          KubeconfigWriter.write(peer, url, Optional.empty(), Optional.empty()),
                          false)));
    }
    return new Opened(peers, kubeconfigs, applied, refused);
  }

  /**
   * Refuses a kubeconfig that does not point at the API server the peer's record names: the hub
   * routes the envelope without reading it, and the record's {@code apiServerUrl} is the server the
   * mesh plans for the peer (its join's, else what its agent reports), which is where its
   * credential must lead.
   */
  private static void requireServer(
      String peer, String credentialId, String kubeconfig, String apiServerUrl)
      throws MaterialRejectedException {
    Optional<String> server = KubeconfigReader.server(kubeconfig);
    if (apiServerUrl == null || apiServerUrl.isBlank()) {
      throw new MaterialRejectedException(
          API_SERVER_MISMATCH,
          "the record of "
              + peer
              + " names no API server to check its credential "
              + credentialId
              + " against");
    }
    if (server.isEmpty() || !server.get().equals(apiServerUrl)) {
      throw new MaterialRejectedException(
          API_SERVER_MISMATCH,
          "the credential "
              + credentialId
              + " of "
              + peer
              + (server.isEmpty() ? " names no API server" : " points at " + server.get())
              + ", not at "
              + apiServerUrl
              + ", the API server its record names");
    }
  }

  /**
   * Whether the remote secret already holds the envelope's credential (the id a sender gives a
   * token generation; sealing it again for other recipients keeps it) pointing at the record's API
   * server: opening it again would write the same kubeconfig, and one open costs about a
   * millisecond, which a primary with hundreds of peers would pay for each of them on every
   * reconcile.
   */
  private static boolean holds(
      Optional<LiveRemoteSecret> current, CredentialEnvelope sealed, String apiServerUrl) {
    return current.isPresent()
        && current.get().credentialId().filter(sealed.credentialId()::equals).isPresent()
        && apiServerUrl != null
        && KubeconfigReader.server(current.get().kubeconfig())
            .filter(apiServerUrl::equals)
            .isPresent();
  }

  /**
   * The envelope, if it is sealed for this cluster: one whose recipients do not name it yet (the
   * sender has not sealed again since this cluster became a primary) is no credential for it, not a
   * refused one.
   */
  static Optional<CredentialEnvelope> sealedFor(String me, CredentialEnvelope envelope) {
    return Optional.ofNullable(envelope).filter(e -> e.recipients().containsKey(me));
  }

  private static void keep(
      String peer,
      LiveRemoteSecret current,
      Map<String, PeerKubeconfig> kubeconfigs,
      Map<String, String> applied) {
    kubeconfigs.put(
        peer,
        new PeerKubeconfig(
            peer,
            current.kubeconfig(),
            current.credentialId().isPresent(),
            current.credentialId()));
    current.credentialId().ifPresent(id -> applied.put(peer, id));
  }
}
