package io.meshfed.agent.security;

import io.meshfed.agent.model.MemberTopology;
import io.meshfed.agent.model.UnactionableDesiredException;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SealedCredential;
import io.meshfed.security.kubeconfig.RemoteKubeconfig;
import io.meshfed.security.seal.CredentialSealer;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Two primaries, cluster1 (the agent's) and cluster2 (a peer made with the security library), each
 * holding the other's remote secret.
 */
final class TwoPrimaries {

  static final String MESH = "mesh1";
  static final String ME = "cluster1";
  static final String PEER = "cluster2";
  static final String PEER_API = "https://api.cluster2.example:6443";
  static final String MY_API = "https://api.cluster1.example:6443";
  static final String API_CA = new TestCa("api-servers").rootPem();

  final RecipientKeys myKeys = RecipientKeys.generate();
  final RecipientKeys peerKeys = RecipientKeys.generate();

  /** The peer's kubeconfig for this cluster, as its agent renders it. */
  static String peerKubeconfig(String token) {
    return RemoteKubeconfig.render(PEER, PEER_API, API_CA, token);
  }

  /** The peer's credential sealed for this cluster. */
  SealedCredential sealedByPeer(String credentialId, String kubeconfig) {
    return new SealedCredential(
        SealedCredential.REMOTE_SECRET,
        credentialId,
        CredentialSealer.seal(
            myKeys.publicKeyset(),
            kubeconfig.getBytes(StandardCharsets.UTF_8),
            SealContext.remoteSecret(PEER, ME)),
        Instant.parse("2030-01-01T00:00:00Z"));
  }

  /**
   * The mesh record: the peer's plan carries its recipient key, its sealed credentials and what it
   * applied.
   */
  MeshState mesh(Map<String, SealedCredential> peerSealed, Map<String, String> peerApplied) {
    TreeMap<String, MemberPlan> members = new TreeMap<>();
    members.put(
        ME,
        new MemberPlan(
            Role.PRIMARY,
            "network1",
            null,
            null,
            false,
            MY_API,
            List.of(PEER),
            myKeys.publicKeyset(),
            null,
            null));
    members.put(
        PEER,
        new MemberPlan(
            Role.PRIMARY,
            "network1",
            null,
            null,
            false,
            PEER_API,
            List.of(ME),
            peerKeys.publicKeyset(),
            new TreeMap<>(peerSealed),
            new TreeMap<>(peerApplied)));
    return new MeshState(MESH, 3, "v1.28.1", new TreeMap<>(), members);
  }

  static DesiredMembership desired() {
    return new DesiredMembership(
        MESH, ME, Role.PRIMARY, "network1", null, "v1.28.1", null, null, null, 1, 1);
  }

  /** This cluster's desired membership with an API-server URL override and TLS name. */
  static DesiredMembership desired(String apiServerUrl, String apiServerTlsServerName) {
    return new DesiredMembership(
        MESH,
        ME,
        Role.PRIMARY,
        "network1",
        null,
        "v1.28.1",
        null,
        null,
        apiServerUrl,
        1,
        1,
        null,
        null,
        null,
        apiServerTlsServerName);
  }

  MemberTopology topology(MeshState mesh) {
    return topology(mesh, desired());
  }

  MemberTopology topology(MeshState mesh, DesiredMembership desired) {
    try {
      return MemberTopology.of(desired, Optional.of(mesh));
    } catch (UnactionableDesiredException e) {
      throw new AssertionError(e);
    }
  }
}
