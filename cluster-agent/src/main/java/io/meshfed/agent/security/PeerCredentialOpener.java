package io.meshfed.agent.security;

import io.meshfed.agent.credentials.KubeconfigWriter;
import io.meshfed.agent.model.MemberTopology;
import io.meshfed.agent.model.PeerKubeconfig;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.SealedCredential;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.seal.CredentialOpener;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * This cluster's side of the remote secrets it holds: for each peer of its {@code
 * remoteSecretPeers}, the kubeconfig to write into {@code istio-remote-secret-<peer>}.
 *
 * <ul>
 *   <li>The peer sealed a credential for this cluster ({@code members[peer].sealedCredentials[me]})
 *       and it opens under {@code SealContext.remoteSecret(peer, me)}: that kubeconfig.
 *   <li>It does not open (changed, sealed to another cluster or under another context): refused;
 *       the remote secret stays as the cluster holds it, or is not written if there is none.
 *   <li>The peer sealed nothing for this cluster yet: the credential already in the remote secret
 *       stays; if there is none, a kubeconfig without a credential points at the peer's API server.
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
   * A peer's credential this cluster refused.
   *
   * @param reason {@code CiphertextRefused} or {@code MalformedCiphertext}
   */
  public record Refusal(String peer, String reason, String message) {}

  /**
   * What the remote secrets get.
   *
   * @param kubeconfigs the kubeconfig of each peer that has one, by peer
   * @param applied the credential id in each peer's remote secret, by peer
   * @param refused the credentials that did not open
   */
  public record Opened(
      Map<String, PeerKubeconfig> kubeconfigs,
      SortedMap<String, String> applied,
      List<Refusal> refused) {}

  private PeerCredentialOpener() {}

  /**
   * @param keys this cluster's recipient keys
   * @param live the remote secrets meshfed wrote in this cluster, by peer
   */
  public static Opened open(
      MemberTopology topology, RecipientKeys keys, Map<String, LiveRemoteSecret> live) {
    String me = topology.clusterName();
    Map<String, PeerKubeconfig> kubeconfigs = new TreeMap<>();
    SortedMap<String, String> applied = new TreeMap<>();
    List<Refusal> refused = new ArrayList<>();
    for (String peer : topology.remoteSecretPeers()) {
      Optional<MemberPlan> plan = topology.peerPlan(peer);
      SealedCredential sealed = plan.map(p -> p.sealedCredentials().get(me)).orElse(null);
      Optional<LiveRemoteSecret> current = Optional.ofNullable(live.get(peer));
      if (sealed != null) {
        try {
          byte[] plaintext =
              CredentialOpener.open(keys, sealed.ciphertext(), SealContext.remoteSecret(peer, me));
          kubeconfigs.put(
              peer,
              PeerKubeconfig.sealedBy(
                  peer, new String(plaintext, StandardCharsets.UTF_8), sealed.credentialId()));
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
      plan.map(MemberPlan::apiServerUrl)
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
    return new Opened(kubeconfigs, applied, refused);
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
