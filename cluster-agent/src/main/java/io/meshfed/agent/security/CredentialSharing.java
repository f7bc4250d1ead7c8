package io.meshfed.agent.security;

import io.meshfed.agent.member.ApiServerAddress;
import io.meshfed.agent.model.MemberTopology;
import io.meshfed.agent.model.NameList;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.security.ca.RenewalPolicy;
import io.meshfed.security.kubeconfig.RemoteKubeconfig;
import io.meshfed.security.seal.RecipientKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * This cluster's side of the remote secrets its peers hold: which reader tokens to keep, mint and
 * revoke ({@link ReaderTokenPlan}), and the current one rendered as a kubeconfig ({@link
 * RemoteKubeconfig}: the API server URL its join overrode, else the one the agent reports, and its
 * {@code apiServerTlsServerName} as {@code tls-server-name}) and sealed once for all its recipients
 * ({@link CredentialSealing}): every primary of the mesh record but itself that published a
 * recipient key. This cluster's own record on {@code meshfed.credentials.v1} tells what the hub
 * routes of it: once the record carries the envelope (the same ciphertext, credential id and
 * recipients), the status leaves the envelope out and names it by its id; and which credential each
 * recipient applied ({@code appliedBy}), after which an older token is revoked.
 */
public final class CredentialSharing {

  /** The condition type in the status (present while some peer holds this cluster's secret). */
  public static final String CONDITION = "CredentialsShared";

  public static final String SEALED = "Sealed";
  public static final String WAITING_FOR_READER_ACCOUNT = "WaitingForReaderAccount";
  public static final String WAITING_FOR_TOKEN = "WaitingForToken";
  public static final String WAITING_FOR_RECIPIENT_KEY = "WaitingForRecipientKey";
  public static final String RECIPIENT_KEY_INVALID = "RecipientKeyInvalid";
  public static final String KUBECONFIG_INVALID = "KubeconfigInvalid";
  public static final String API_SERVER_URL_UNKNOWN = "ApiServerUrlUnknown";

  /**
   * What to share.
   *
   * @param tokens the reader tokens to keep, mint and revoke
   * @param shared the current credential sealed for the recipients that have a usable key, if any
   * @param routed whether this cluster's own record carries exactly {@code shared}, so that the
   *     status need not send it again
   * @param condition the {@link #CONDITION} condition, when some peer holds this cluster's secret
   */
  public record Sharing(
      ReaderTokenPlan tokens,
      Optional<CredentialEnvelope> shared,
      boolean routed,
      Optional<Condition> condition) {

    Sharing(
        ReaderTokenPlan tokens,
        Optional<CredentialEnvelope> shared,
        Optional<Condition> condition) {
      this(tokens, shared, false, condition);
    }
  }

  private final String cluster;
  private final CredentialSealing sealing;
  private final Duration lifetime;
  private final RenewalPolicy renewal;

  /**
   * @param lifetime how long a reader token is used at most
   * @param renewal when the next token is minted
   */
  public CredentialSharing(
      String cluster, CredentialSealing sealing, Duration lifetime, RenewalPolicy renewal) {
    this.cluster = cluster;
    this.sealing = sealing;
    this.lifetime = lifetime;
    this.renewal = renewal;
  }

  /**
   * @param own this cluster's own record on {@code meshfed.credentials.v1}, if the hub wrote one:
   *     which credential each recipient applied ({@code appliedBy})
   * @param live the reader tokens the cluster holds
   * @param readerAccountExists whether {@link ReaderTokenSecrets#READER_ACCOUNT} exists
   * @param apiServerUrl this cluster's API server URL as the agent reports it (used where the join
   *     overrode none), or null when the agent knows none peers can reach
   * @param clientCaBundle the CA bundle the agent's own client trusts, used where the token
   *     controller wrote none
   */
  public Sharing share(
      MemberTopology topology,
      Optional<SharedCredential> own,
      List<ReaderToken> live,
      boolean readerAccountExists,
      String apiServerUrl,
      Optional<String> clientCaBundle,
      Instant now) {
    if (!topology.complete()) {
      // who needs the credential is not known: keep what there is, mint and revoke nothing
      return new Sharing(
          new ReaderTokenPlan(live, Optional.empty(), Optional.empty(), List.of()),
          Optional.empty(),
          Optional.empty());
    }
    SortedMap<String, String> recipients = topology.credentialRecipients();
    Map<String, String> appliedBy =
        own.filter(r -> r.meshId().equals(topology.meshId()))
            .map(SharedCredential::appliedBy)
            .orElse(new TreeMap<>());
    Map<String, Optional<String>> applied = new TreeMap<>();
    recipients
        .keySet()
        .forEach(name -> applied.put(name, Optional.ofNullable(appliedBy.get(name))));
    ReaderTokenPlan tokens =
        ReaderTokenPlan.plan(cluster, live, applied, readerAccountExists, now, lifetime, renewal);
    if (recipients.isEmpty()) {
      sealing.forget();
      return new Sharing(tokens, Optional.empty(), Optional.empty());
    }
    if (tokens.current().isEmpty()) {
      sealing.forget();
      return new Sharing(
          tokens,
          Optional.empty(),
          Optional.of(
              readerAccountExists
                  ? condition(
                      false,
                      WAITING_FOR_TOKEN,
                      "waiting for the API server to issue the token of "
                          + tokens.keep().stream().map(ReaderToken::name).findFirst().orElse("?"))
                  : condition(
                      false,
                      WAITING_FOR_READER_ACCOUNT,
                      "waiting for the ServiceAccount istio-system/"
                          + ReaderTokenSecrets.READER_ACCOUNT
                          + ", which the meshfed-agent chart creates")));
    }
    ReaderToken token = tokens.current().get();
    String server = topology.apiServerUrlOverride().orElse(apiServerUrl);
    if (server == null || server.isBlank()) {
      sealing.forget();
      return new Sharing(
          tokens,
          Optional.empty(),
          Optional.of(
              condition(
                  false,
                  API_SERVER_URL_UNKNOWN,
                  "no address of this cluster's API server that peers can reach is known, so no"
                      + " credential can be shared: set "
                      + ApiServerAddress.SETTING
                      + ", publish kube-public/cluster-info, or give the join request an"
                      + " apiServerUrl (the agent's own client uses an in-cluster address)")));
    }
    String kubeconfig;
    try {
      kubeconfig =
          RemoteKubeconfig.render(
              cluster,
              server,
              token.caBundle().or(() -> clientCaBundle).orElse(null),
              token.token().orElseThrow(),
              topology.apiServerTlsServerName().orElse(null));
    } catch (IllegalArgumentException e) {
      sealing.forget();
      return new Sharing(
          tokens,
          Optional.empty(),
          Optional.of(
              condition(
                  false,
                  KUBECONFIG_INVALID,
                  "cannot make the reader kubeconfig for the peers: " + e.getMessage())));
    }
    List<String> withoutKey = new ArrayList<>();
    List<String> invalidKey = new ArrayList<>();
    SortedMap<String, String> usable = new TreeMap<>();
    recipients.forEach(
        (name, key) -> {
          if (key == null || key.isBlank()) {
            withoutKey.add(name);
            return;
          }
          try {
            RecipientKeys.parsePublicKeyset(key);
            usable.put(name, key);
          } catch (IllegalArgumentException e) {
            invalidKey.add(name);
          }
        });
    Optional<CredentialEnvelope> shared = Optional.empty();
    if (usable.isEmpty()) {
      sealing.forget();
    } else {
      shared = Optional.of(sealing.seal(usable, kubeconfig, token));
      tokens = tokens.withSealed(usable.keySet());
    }
    Condition condition;
    if (!invalidKey.isEmpty()) {
      condition =
          condition(
              false,
              RECIPIENT_KEY_INVALID,
              "the recipient keys of " + NameList.of(invalidKey) + " cannot be sealed to");
    } else if (shared.isEmpty()) {
      condition =
          condition(
              false,
              WAITING_FOR_RECIPIENT_KEY,
              "waiting for the recipient keys of " + NameList.of(withoutKey));
    } else {
      condition =
          condition(
              true,
              SEALED,
              "reader credential "
                  + token.credentialId()
                  + " sealed for "
                  + NameList.of(usable.keySet())
                  + (withoutKey.isEmpty()
                      ? ""
                      : "; waiting for the recipient keys of " + NameList.of(withoutKey)));
    }
    boolean routed = shared.isPresent() && carries(own, topology.meshId(), shared.get());
    return new Sharing(tokens, shared, routed, Optional.of(condition));
  }

  /**
   * Whether this cluster's own record carries exactly the envelope: the same credential id,
   * ciphertext and recipients (the hub routes it as it was sent, without opening it).
   */
  static boolean carries(Optional<SharedCredential> own, String meshId, CredentialEnvelope sent) {
    return own.filter(r -> r.meshId().equals(meshId))
        .map(SharedCredential::credential)
        .filter(
            c ->
                c.credentialId().equals(sent.credentialId())
                    && c.ciphertext().equals(sent.ciphertext())
                    && c.recipients().equals(sent.recipients()))
        .isPresent();
  }

  private static Condition condition(boolean status, String reason, String message) {
    return new Condition(
        CONDITION, status ? Condition.TRUE : Condition.FALSE, reason, message, null);
  }
}
