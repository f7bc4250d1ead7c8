package io.meshfed.sandbox.fleet;

import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.kubeconfig.RemoteKubeconfig;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.seal.SealedEnvelope;
import io.meshfed.security.sign.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One cluster of the fleet simulator, played at the protocol level: what its agent would report
 * given its desired record, its mesh's record and its peers' credentials, with real keys (an
 * Ed25519 signing key, an HPKE recipient keyset, an intermediate CA request on a primary), a real
 * credential sealed for the mesh's primaries and the peers' credentials really opened. It renders
 * no Kubernetes object: its east-west gateway has the address the simulator gave it, and it is
 * Ready once a real agent's cluster could be (a primary: its intermediate CA installed and every
 * credential sealed for it applied; a remote: its primary's discovery address known). Used by one
 * thread at a time.
 */
final class FleetMember {

  /** The CA the simulated API servers' certificates chain to (the kubeconfigs carry it). */
  private final String apiCaPem;

  private final String cluster;
  private final KeyPair signing = SigningKeys.generate();
  private final RecipientKeys recipient = RecipientKeys.generate();
  private final String signingPublicKey;
  private final String apiServerUrl;
  private final String credentialId;
  private final String kubeconfig;
  private String address;
  private DesiredMembership desired;
  private IntermediateCsr pending;
  private boolean caInstalled;
  private SealedEnvelope.Sealer sealer;
  private CredentialEnvelope sealed;
  private String sealedFor = "";
  private Map<String, MeshPrimary> sealedFromPrimaries;
  private final SortedMap<String, String> applied = new TreeMap<>();

  FleetMember(String cluster, String address, String apiCaPem, Instant now) {
    this.cluster = cluster;
    this.address = address;
    this.apiCaPem = apiCaPem;
    this.signingPublicKey = SigningKeys.encodePublicKey(signing.getPublic());
    this.apiServerUrl = "https://" + cluster + ".fleet.example:6443";
    this.credentialId = cluster + "-" + now.getEpochSecond();
    this.kubeconfig =
        RemoteKubeconfig.render(
            cluster, apiServerUrl, apiCaPem, "fleet-reader-token-" + cluster + "-0123456789");
  }

  String cluster() {
    return cluster;
  }

  KeyPair signing() {
    return signing;
  }

  String address() {
    return address;
  }

  void moveGateway(String newAddress) {
    this.address = newAddress;
  }

  Optional<DesiredMembership> desired() {
    return Optional.ofNullable(desired);
  }

  /** A new desired record; the hub's answer to the intermediate CA request installs it. */
  void desired(DesiredMembership record) {
    if (record == null) {
      desired = null;
      return;
    }
    desired = record;
    if (record.role() == Role.PRIMARY
        && pending != null
        && record.intermediateCertificate() != null
        && !record.intermediateCertificate().isBlank()) {
      caInstalled = true;
      pending = null;
    }
  }

  /**
   * The status the agent would report now, or empty while it has nothing to report (no desired
   * record).
   *
   * @param credentials the credential records of this member's mesh, by sender
   */
  Optional<ClusterStatus> status(
      MeshRecord mesh, Map<String, SharedCredential> credentials, Instant now) {
    if (desired == null) {
      return Optional.empty();
    }
    boolean primary = desired.role() == Role.PRIMARY;
    if (primary && !caInstalled && pending == null) {
      pending = IntermediateCsr.generate(cluster, CaKeyType.EC_P256);
    }
    List<String> waiting = new ArrayList<>();
    if (mesh == null) {
      waiting.add("the record of mesh " + desired.meshId() + " has not arrived");
    }
    if (primary && !caInstalled) {
      waiting.add("waiting for the hub to sign the intermediate CA request");
    }
    if (mesh != null && !primary) {
      String cp = desired.controlPlaneCluster();
      boolean known =
          mesh.primary(cp).map(MeshPrimary::discoveryAddress).filter(a -> !a.isBlank()).isPresent();
      if (!known) {
        waiting.add("waiting for the east-west address of " + cp);
      }
    }
    if (primary) {
      // The peers are the other senders of the mesh on meshfed.credentials.v1; a primary applies
      // each credential sealed for it.
      List<String> peers = new ArrayList<>();
      for (SharedCredential record : credentials.values()) {
        if (!record.sender().equals(cluster)
            && record.credential() != null
            && record.credential().recipients().containsKey(cluster)) {
          peers.add(record.sender());
          if (!apply(record.sender(), record)) {
            waiting.add("the credential of " + record.sender() + " was refused");
          }
        }
      }
      applied.keySet().retainAll(new HashSet<>(peers));
    }
    CredentialEnvelope shared = mesh == null ? null : seal(mesh);
    // The envelope travels until this cluster's record on meshfed.credentials.v1 carries it.
    SharedCredential own = credentials.get(cluster);
    boolean routed = shared != null && own != null && shared.equals(own.credential());
    boolean ready = waiting.isEmpty();
    Condition readyCondition =
        new Condition(
            "Ready",
            ready ? Condition.TRUE : Condition.FALSE,
            ready ? "Ready" : "Waiting",
            ready ? "the cluster is a ready member" : waiting.get(0),
            now);
    return Optional.of(
        new ClusterStatus(
            desired.meshId(),
            cluster,
            ready ? Phase.READY : Phase.INSTALLING,
            List.of(readyCondition),
            desired.generation(),
            mesh == null ? 0 : mesh.revision(),
            List.of(GatewayAddress.of(address, GatewayAddress.CROSS_NETWORK_PORT)),
            "fleet-simulator",
            List.of(),
            apiServerUrl,
            now,
            pending == null ? null : pending.csrPem(),
            caInstalled ? now.plus(Duration.ofDays(30)) : null,
            signingPublicKey,
            recipient.publicKeyset(),
            null,
            null,
            routed ? null : shared,
            shared == null ? null : shared.credentialId(),
            primary ? AppliedCredentials.digest(applied) : null,
            primary ? applied.size() : null));
  }

  /** Opens a peer's credential as a primary's agent would; whether it is applied. */
  private boolean apply(String peer, SharedCredential record) {
    if (record == null || record.credential() == null) {
      return false;
    }
    CredentialEnvelope c = record.credential();
    if (c.credentialId().equals(applied.get(peer))) {
      return true;
    }
    try {
      byte[] opened =
          new SealedEnvelope(c.ciphertext(), c.recipients())
              .open(recipient, peer, cluster, c.purpose(), c.credentialId());
      String text = new String(opened, StandardCharsets.UTF_8);
      if (record.apiServerUrl() == null || !text.contains("server: " + record.apiServerUrl())) {
        return false;
      }
      applied.put(peer, c.credentialId());
      return true;
    } catch (MaterialRejectedException e) {
      return false;
    }
  }

  /** This cluster's credential sealed once for the mesh's other primaries that have a key. */
  private CredentialEnvelope seal(MeshRecord mesh) {
    if (sealed != null && mesh.primaries() == sealedFromPrimaries) {
      // the same mesh record as last time: the same primaries and keys
      return sealed;
    }
    Map<String, String> keys = new TreeMap<>();
    mesh.primaries()
        .forEach(
            (name, p) -> {
              if (!name.equals(cluster) && p.recipientPublicKey() != null) {
                keys.put(name, p.recipientPublicKey());
              }
            });
    if (keys.isEmpty()) {
      return null;
    }
    String fingerprint = keys.toString();
    if (sealed == null || !fingerprint.equals(sealedFor)) {
      if (sealer == null) {
        sealer =
            new SealedEnvelope.Sealer(
                kubeconfig.getBytes(StandardCharsets.UTF_8),
                cluster,
                SealContext.REMOTE_SECRET,
                credentialId);
      }
      SealedEnvelope envelope = sealer.sealFor(keys);
      sealed =
          new CredentialEnvelope(
              SealContext.REMOTE_SECRET,
              credentialId,
              null,
              envelope.ciphertext(),
              envelope.wrappedKeys());
      sealedFor = fingerprint;
    }
    sealedFromPrimaries = mesh.primaries();
    return sealed;
  }
}
