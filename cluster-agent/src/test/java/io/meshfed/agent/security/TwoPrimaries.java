package io.meshfed.agent.security;

import io.meshfed.agent.model.MemberTopology;
import io.meshfed.agent.model.UnactionableDesiredException;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.security.kubeconfig.RemoteKubeconfig;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.seal.SealedEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

  /** The peer's credential sealed for this cluster (and nobody else). */
  CredentialEnvelope sealedByPeer(String credentialId, String kubeconfig) {
    return sealedByPeer(credentialId, kubeconfig, Map.of(ME, myKeys.publicKeyset()));
  }

  /** The peer's credential sealed for the given recipients, by their public keysets. */
  static CredentialEnvelope sealedByPeer(
      String credentialId, String kubeconfig, Map<String, String> recipients) {
    SealedEnvelope sealed =
        SealedEnvelope.seal(
            kubeconfig.getBytes(StandardCharsets.UTF_8),
            PEER,
            SealContext.REMOTE_SECRET,
            credentialId,
            recipients);
    return new CredentialEnvelope(
        SealContext.REMOTE_SECRET,
        credentialId,
        Instant.parse("2030-01-01T00:00:00Z"),
        sealed.ciphertext(),
        sealed.wrappedKeys());
  }

  /** The mesh record: both primaries with their recipient keys. */
  MeshRecord mesh() {
    return mesh(peerKeys.publicKeyset());
  }

  /** The mesh record, with the peer's recipient key as given (null: not published yet). */
  MeshRecord mesh(String peerKey) {
    TreeMap<String, MeshPrimary> primaries = new TreeMap<>();
    primaries.put(ME, new MeshPrimary(null, myKeys.publicKeyset()));
    primaries.put(PEER, new MeshPrimary(null, peerKey));
    return new MeshRecord(MESH, 3, "v1.28.1", new TreeMap<>(), primaries, null, null, null);
  }

  /** The mesh record with this cluster as its only primary. */
  MeshRecord meshAlone() {
    return new MeshRecord(
        MESH,
        4,
        "v1.28.1",
        new TreeMap<>(),
        new TreeMap<>(Map.of(ME, new MeshPrimary(null, myKeys.publicKeyset()))),
        null,
        null,
        null);
  }

  /** The peer's credential record, with the envelope it shared (null: none yet). */
  static SharedCredential peerRecord(CredentialEnvelope envelope) {
    return peerRecord(PEER_API, envelope);
  }

  static SharedCredential peerRecord(String apiServerUrl, CredentialEnvelope envelope) {
    return new SharedCredential(MESH, PEER, 5, apiServerUrl, envelope, null);
  }

  /** This cluster's own credential record: what each recipient reports applied. */
  static SharedCredential myRecord(Map<String, String> appliedBy) {
    return new SharedCredential(MESH, ME, 2, MY_API, null, new TreeMap<>(appliedBy));
  }

  /** The credential records of the mesh: the peer's (with an envelope, or none). */
  static Map<String, SharedCredential> credentials(CredentialEnvelope fromPeer) {
    return Map.of(PEER, peerRecord(fromPeer));
  }

  static DesiredMembership desired() {
    return desired(null, null);
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
        apiServerTlsServerName,
        false);
  }

  MemberTopology topology(MeshRecord mesh) {
    return topology(mesh, desired());
  }

  MemberTopology topology(MeshRecord mesh, DesiredMembership desired) {
    try {
      return MemberTopology.of(desired, Optional.of(mesh));
    } catch (UnactionableDesiredException e) {
      throw new AssertionError(e);
    }
  }
}
