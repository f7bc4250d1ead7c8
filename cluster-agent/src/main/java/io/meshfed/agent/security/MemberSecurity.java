package io.meshfed.agent.security;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.model.CaCertsRenderer;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.agent.model.MemberTopology;
import io.meshfed.agent.model.PeerKubeconfig;
import io.meshfed.agent.model.RemoteSecretRenderer;
import io.meshfed.agent.model.SecurityObjects;
import io.meshfed.agent.resource.CachedObjects;
import io.meshfed.agent.resource.ForeignObject;
import io.meshfed.agent.resource.IssuedToken;
import io.meshfed.agent.resource.ManagedKind;
import io.meshfed.agent.resource.MeshfedOwnership;
import io.meshfed.agent.resource.ObjectRef;
import io.meshfed.agent.resource.ResourceApplier;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.security.ca.CaCertsBundle;
import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.ca.RenewalPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The security step of one cluster's reconcile: reads what the cluster holds ({@code cacerts}, the
 * remote secrets and reader tokens meshfed wrote, the reader account), decides with the pure parts
 * ({@link TrustChain}, {@link PeerCredentialOpener}, {@link CredentialSharing}) what the cluster's
 * secrets must be, and keeps a new intermediate key in the {@link AgentKeyStore} before its request
 * is published. Everything it wants written goes to the reconcile's one applier as desired objects.
 */
public final class MemberSecurity {

  private static final Logger LOG = Logger.getLogger(MemberSecurity.class);

  /** The TokenRequest API's shortest lifetime ({@code pkg/apis/authentication/validation}). */
  private static final Duration SHORTEST_TOKEN_LIFETIME = Duration.ofMinutes(10);

  private static final ObjectRef CACERTS =
      new ObjectRef(ManagedKind.SECRET, IstioNames.ISTIO_SYSTEM, CaCertsBundle.SECRET_NAME);

  /**
   * What the reconcile renders and reports.
   *
   * @param peers the peers whose remote secret the cluster holds: for a primary, the senders of the
   *     credential records of its mesh but itself
   * @param peerKubeconfigs the kubeconfig of each peer whose remote secret can be written
   * @param objects {@code cacerts}, whether the CA is in place, the credentials to share
   * @param facts what the status reports
   * @param clearPendingOnSuccess whether the pending intermediate key can go once everything was
   *     applied (its certificate is in {@code cacerts}, or it is not needed)
   */
  public record Prepared(
      List<String> peers,
      Map<String, PeerKubeconfig> peerKubeconfigs,
      SecurityObjects objects,
      SecurityFacts facts,
      boolean clearPendingOnSuccess) {}

  private final String cluster;
  private final ResourceApplier applier;
  private final AgentKeyStore keys;
  private final CredentialSharing sharing;
  private final Supplier<Optional<String>> apiServerUrl;
  private final Optional<String> clientCaBundle;
  private final CaKeyType keyType;
  private final RenewalPolicy intermediateRenewal;
  private final AgentMetrics metrics;
  private final Clock clock;
  private final Set<String> countedRefusals = new HashSet<>();

  /**
   * {@code cacerts} as the last read of the API server found it: a reconcile woken by an event
   * reads what meshfed wrote from its watches, and this may be the platform's, which no watch
   * follows.
   */
  private Optional<GenericKubernetesResource> lastCaCerts;

  /**
   * @param apiServerUrl the API server URL the agent reports for the cluster, when one is known
   * @param clientCaBundle the CA bundle (PEM) the agent's client trusts for the cluster, if any
   */
  public MemberSecurity(
      String cluster,
      ResourceApplier applier,
      AgentKeyStore keys,
      CredentialSharing sharing,
      Supplier<Optional<String>> apiServerUrl,
      Optional<String> clientCaBundle,
      CaKeyType keyType,
      RenewalPolicy intermediateRenewal,
      AgentMetrics metrics,
      Clock clock) {
    this.cluster = cluster;
    this.applier = applier;
    this.keys = keys;
    this.sharing = sharing;
    this.apiServerUrl = apiServerUrl;
    this.clientCaBundle = clientCaBundle;
    this.keyType = keyType;
    this.intermediateRenewal = intermediateRenewal;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Reads the cluster and decides its secrets for this reconcile.
   *
   * @param credentials the records of the mesh's members on {@code meshfed.credentials.v1}, by
   *     sender: the peers (every sender but this cluster) and their credentials, and this cluster's
   *     own (whether it carries the envelope this cluster shares, and what its recipients applied)
   * @param cached the copies the cluster's watches hold ({@link CachedObjects#NONE} to read the API
   *     server)
   * @throws io.meshfed.agent.resource.ApplyException when the cluster cannot be read, or a new
   *     intermediate key cannot be stored
   */
  public Prepared prepare(
      MemberTopology topology,
      DesiredMembership desired,
      Map<String, SharedCredential> credentials,
      CachedObjects cached) {
    AgentKeys current = keys.current().orElseGet(() -> keys.ensure(true));
    Instant now = clock.instant();
    Live live = read(cached);

    Optional<GenericKubernetesResource> liveCa = live.caCerts();
    TrustChain.Plan trust =
        topology.primary()
            ? TrustChain.plan(
                liveCa.map(
                    s ->
                        new TrustChain.LiveCaCerts(
                            SecretData.of(s), MeshfedOwnership.isManaged(s))),
                current.pendingIntermediate(),
                desired.intermediateCertificate(),
                desired.rootCertificate(),
                intermediateRenewal,
                now)
            : TrustChain.notNeeded();
    if (trust.requestNeeded() && current.pendingIntermediate().isEmpty()) {
      current = keys.savePending(IntermediateCsr.generate(cluster, keyType));
      LOG.infof(
          "mesh=%s cluster=%s: requested an intermediate CA from the hub (%s)",
          topology.meshId(), cluster, trust.condition().reason());
    }
    if (trust.installsIssued()) {
      LOG.infof(
          "mesh=%s cluster=%s: installing the intermediate CA the hub issued, valid until %s",
          topology.meshId(), cluster, trust.notAfter().map(Instant::toString).orElse("?"));
    }
    Optional<String> csr =
        trust.requestNeeded()
            ? current.pendingIntermediate().map(IntermediateCsr::csrPem)
            : Optional.empty();

    List<GenericKubernetesResource> owned = live.ownedSecrets();
    PeerCredentialOpener.Opened opened =
        PeerCredentialOpener.open(
            topology, credentials, current.recipientKeys(), remoteSecrets(owned));
    countRefusals(topology, credentials, opened.refused());

    Optional<GenericKubernetesResource> account = live.readerAccount();
    List<ReaderToken> tokens =
        owned.stream()
            .filter(
                s -> ReaderTokenSecrets.COMPONENT.equals(label(s, AgentKeysSecret.COMPONENT_LABEL)))
            .map(ReaderTokenSecrets::read)
            .flatMap(Optional::stream)
            .toList();
    if (account.isPresent() && topology.complete() && !topology.credentialRecipients().isEmpty()) {
      tokens = issueTokens(topology, tokens, now);
    }
    CredentialSharing.Sharing shared =
        sharing.share(
            topology,
            Optional.ofNullable(credentials.get(cluster)),
            tokens,
            account.isPresent(),
            apiServerUrl.get().orElse(null),
            clientCaBundle,
            now);
    logTokens(topology, shared.tokens());

    // Tokens of the account the agent's chart makes (istio-system/meshfed-reader)
    List<HasMetadata> tokenSecrets = new ArrayList<>();
    shared.tokens().keep().stream()
        .map(t -> ReaderTokenSecrets.render(topology.ownedLabels(), t))
        .forEach(tokenSecrets::add);

    SecurityObjects objects =
        new SecurityObjects(
            trust.bundle().map(b -> CaCertsRenderer.render(topology, b)),
            trust.caReady(),
            tokenSecrets,
            opened.refused().stream()
                .map(PeerCredentialOpener.Refusal::peer)
                .collect(Collectors.toSet()));
    SecurityFacts facts =
        new SecurityFacts(
            csr,
            trust.notAfter(),
            Optional.of(trust.condition()),
            shared.condition(),
            shared.shared(),
            shared.routed(),
            topology.primary(),
            opened.applied(),
            opened.refused());
    return new Prepared(
        opened.peers(),
        opened.kubeconfigs(),
        objects,
        facts,
        !trust.requestNeeded() && current.pendingIntermediate().isPresent());
  }

  /** After a reconcile that applied everything: drops an intermediate key no longer pending. */
  public void applied(Prepared prepared) {
    if (prepared.clearPendingOnSuccess()) {
      keys.clearPending();
    }
  }

  /** What the cluster holds that the security step reads. */
  private record Live(
      Optional<GenericKubernetesResource> caCerts,
      Optional<GenericKubernetesResource> readerAccount,
      List<GenericKubernetesResource> ownedSecrets) {}

  private Live read(CachedObjects cached) {
    // the agent's chart makes the reader account; a watch of its own follows it by name
    Optional<GenericKubernetesResource> reader = applier.read(ForeignObject.READER_ACCOUNT, cached);
    boolean fromWatches = cached.holdsAll(ManagedKind.SECRET) && lastCaCerts != null;
    if (!fromWatches) {
      lastCaCerts = applier.get(CACERTS);
      return new Live(
          lastCaCerts, reader, applier.list(ManagedKind.SECRET, MeshfedOwnership.ownedBy(cluster)));
    }
    List<GenericKubernetesResource> owned =
        cached.owned(ManagedKind.SECRET).stream()
            .map(cached::get)
            .flatMap(Optional::stream)
            .toList();
    return new Live(watchedOrElse(cached, CACERTS, lastCaCerts), reader, owned);
  }

  /**
   * The watched copy of an object meshfed wrote; otherwise the object as last read, unless meshfed
   * wrote that one (then it was deleted since, or the watch would hold it).
   */
  private static Optional<GenericKubernetesResource> watchedOrElse(
      CachedObjects cached, ObjectRef ref, Optional<GenericKubernetesResource> lastRead) {
    Optional<GenericKubernetesResource> watched = cached.get(ref);
    if (watched.isPresent()) {
      return watched;
    }
    return lastRead.filter(o -> !MeshfedOwnership.isManaged(o));
  }

  private static Map<String, PeerCredentialOpener.LiveRemoteSecret> remoteSecrets(
      List<GenericKubernetesResource> owned) {
    Map<String, PeerCredentialOpener.LiveRemoteSecret> secrets = new TreeMap<>();
    for (GenericKubernetesResource secret : owned) {
      String name = secret.getMetadata().getName();
      if (name == null || !name.startsWith(IstioNames.REMOTE_SECRET_PREFIX)) {
        continue;
      }
      String peer = name.substring(IstioNames.REMOTE_SECRET_PREFIX.length());
      String kubeconfig = SecretData.of(secret).get(peer);
      if (kubeconfig != null) {
        secrets.put(
            peer,
            new PeerCredentialOpener.LiveRemoteSecret(
                kubeconfig,
                SecretData.annotation(secret, RemoteSecretRenderer.CREDENTIAL_ID_ANNOTATION)));
      }
    }
    return secrets;
  }

  private void countRefusals(
      MemberTopology topology,
      Map<String, SharedCredential> credentials,
      List<PeerCredentialOpener.Refusal> refused) {
    Set<String> now = new HashSet<>();
    for (PeerCredentialOpener.Refusal r : refused) {
      String ciphertext =
          Optional.ofNullable(credentials.get(r.peer()))
              .map(SharedCredential::credential)
              .map(
                  c ->
                      c.credentialId()
                          + "/"
                          + c.ciphertext().hashCode()
                          + "/"
                          + String.valueOf(c.recipients().get(cluster)).hashCode())
              .orElse("");
      String key = r.peer() + "/" + ciphertext;
      now.add(key);
      if (!countedRefusals.contains(key)) {
        metrics.credentialRefused(r.reason());
        LOG.warnf(
            "mesh=%s cluster=%s: refused the credential of peer %s (%s): %s",
            topology.meshId(), cluster, r.peer(), r.reason(), r.message());
      }
    }
    countedRefusals.clear();
    countedRefusals.addAll(now);
  }

  /**
   * Asks the TokenRequest API for the token of each generation whose Secret exists but holds none
   * yet, bound to that Secret and valid until the generation ends; the reconcile writes it into the
   * Secret. A generation with less than the API server's shortest lifetime left gets none: its
   * successor is due.
   */
  private List<ReaderToken> issueTokens(
      MemberTopology topology, List<ReaderToken> tokens, Instant now) {
    List<ReaderToken> result = new ArrayList<>(tokens.size());
    for (ReaderToken t : tokens) {
      Duration left = Duration.between(now, t.expiresAt());
      if (t.source() != ReaderToken.Source.BOUND
          || t.filled()
          || t.uid().isEmpty()
          || left.compareTo(SHORTEST_TOKEN_LIFETIME) < 0) {
        result.add(t);
        continue;
      }
      IssuedToken issued =
          applier.requestToken(
              IstioNames.ISTIO_SYSTEM,
              ReaderTokenSecrets.READER_ACCOUNT,
              t.name(),
              t.uid().get(),
              left);
      LOG.infof(
          "mesh=%s cluster=%s: the API server issued the token of reader credential %s, bound to"
              + " Secret %s, valid until %s",
          topology.meshId(), cluster, t.credentialId(), t.name(), issued.expiresAt());
      result.add(t.issued(issued.token(), issued.expiresAt()));
    }
    return result;
  }

  private void logTokens(MemberTopology topology, ReaderTokenPlan plan) {
    plan.created()
        .ifPresent(
            t ->
                LOG.infof(
                    "mesh=%s cluster=%s: minting reader credential %s (until %s)",
                    topology.meshId(), cluster, t.credentialId(), t.expiresAt()));
    for (ReaderToken t : plan.revoked()) {
      LOG.infof(
          "mesh=%s cluster=%s: revoking reader credential %s",
          topology.meshId(), cluster, t.credentialId());
    }
  }

  private static String label(GenericKubernetesResource object, String key) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
