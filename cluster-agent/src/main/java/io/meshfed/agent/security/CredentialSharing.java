package io.meshfed.agent.security;

import io.meshfed.agent.member.ApiServerAddress;
import io.meshfed.agent.model.MemberTopology;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.SealedCredential;
import io.meshfed.security.ca.RenewalPolicy;
import io.meshfed.security.kubeconfig.RemoteKubeconfig;
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
 * RemoteKubeconfig}: the API server URL of this member's plan, its {@code apiServerTlsServerName}
 * from its desired membership as {@code tls-server-name}) and sealed for each recipient (every
 * member whose {@code remoteSecretPeers} names this cluster) with the recipient key of its plan.
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
   * @param sealed the current credential sealed for each recipient that has a key
   * @param condition the {@link #CONDITION} condition, when some peer holds this cluster's secret
   */
  public record Sharing(
      ReaderTokenPlan tokens,
      SortedMap<String, SealedCredential> sealed,
      Optional<Condition> condition) {}

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
   * @param live the reader tokens the cluster holds
   * @param readerAccountExists whether {@code istio-reader-service-account} exists
   * @param apiServerUrl this cluster's API server URL as the agent reports it (used where the plan
   *     names none), or null when the agent knows none peers can reach
   * @param clientCaBundle the CA bundle the agent's own client trusts, used where the token
   *     controller wrote none
   */
  public Sharing share(
      MemberTopology topology,
      List<ReaderToken> live,
      boolean readerAccountExists,
      String apiServerUrl,
      Optional<String> clientCaBundle,
      Instant now) {
    if (!topology.complete()) {
      // who needs the credential is not known: keep what there is, mint and revoke nothing
      return new Sharing(
          new ReaderTokenPlan(live, Optional.empty(), Optional.empty(), List.of()),
          new TreeMap<>(),
          Optional.empty());
    }
    Map<String, Optional<String>> applied = new TreeMap<>();
    Map<String, MemberPlan> recipients = recipients(topology);
    recipients.forEach(
        (name, plan) ->
            applied.put(name, Optional.ofNullable(plan.appliedCredentials().get(cluster))));
    ReaderTokenPlan tokens =
        ReaderTokenPlan.plan(cluster, live, applied, readerAccountExists, now, lifetime, renewal);
    SortedMap<String, SealedCredential> sealed = new TreeMap<>();
    if (recipients.isEmpty()) {
      sealing.endRound();
      return new Sharing(tokens, sealed, Optional.empty());
    }
    if (tokens.current().isEmpty()) {
      sealing.endRound();
      return new Sharing(
          tokens,
          sealed,
          Optional.of(
              readerAccountExists
                  ? condition(
                      false,
                      WAITING_FOR_TOKEN,
                      "waiting for the token controller to fill in the token of "
                          + tokens.keep().stream().map(ReaderToken::name).findFirst().orElse("?"))
                  : condition(
                      false,
                      WAITING_FOR_READER_ACCOUNT,
                      "waiting for "
                          + ReaderTokenSecrets.READER_ACCOUNT
                          + ", which Istio's installation creates")));
    }
    ReaderToken token = tokens.current().get();
    String server =
        topology
            .plan()
            .map(MemberPlan::apiServerUrl)
            .filter(u -> !u.isBlank())
            .orElse(apiServerUrl);
    if (server == null || server.isBlank()) {
      sealing.endRound();
      return new Sharing(
          tokens,
          sealed,
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
      sealing.endRound();
      return new Sharing(
          tokens,
          sealed,
          Optional.of(
              condition(
                  false,
                  KUBECONFIG_INVALID,
                  "cannot make the reader kubeconfig for the peers: " + e.getMessage())));
    }
    List<String> withoutKey = new ArrayList<>();
    List<String> invalidKey = new ArrayList<>();
    recipients.forEach(
        (name, plan) -> {
          String key = plan.recipientPublicKey();
          if (key == null || key.isBlank()) {
            withoutKey.add(name);
            return;
          }
          try {
            sealed.put(name, sealing.seal(name, key, kubeconfig, token));
          } catch (IllegalArgumentException e) {
            invalidKey.add(name);
          }
        });
    sealing.endRound();
    Condition condition;
    if (!invalidKey.isEmpty()) {
      condition =
          condition(
              false,
              RECIPIENT_KEY_INVALID,
              "the recipient keys of " + String.join(", ", invalidKey) + " cannot be sealed to");
    } else if (sealed.isEmpty()) {
      condition =
          condition(
              false,
              WAITING_FOR_RECIPIENT_KEY,
              "waiting for the recipient keys of " + String.join(", ", withoutKey));
    } else {
      condition =
          condition(
              true,
              SEALED,
              "reader credential "
                  + token.credentialId()
                  + " sealed for "
                  + String.join(", ", sealed.keySet())
                  + (withoutKey.isEmpty()
                      ? ""
                      : "; waiting for the recipient keys of " + String.join(", ", withoutKey)));
    }
    return new Sharing(tokens, sealed, Optional.of(condition));
  }

  /** The members that hold this cluster's remote secret, by name, with their plans. */
  static Map<String, MemberPlan> recipients(MemberTopology topology) {
    Map<String, MemberPlan> recipients = new TreeMap<>();
    topology
        .mesh()
        .map(MeshState::members)
        .orElse(new TreeMap<>())
        .forEach(
            (name, plan) -> {
              if (!name.equals(topology.clusterName())
                  && plan.remoteSecretPeers().contains(topology.clusterName())) {
                recipients.put(name, plan);
              }
            });
    return recipients;
  }

  private static Condition condition(boolean status, String reason, String message) {
    return new Condition(
        CONDITION, status ? Condition.TRUE : Condition.FALSE, reason, message, null);
  }
}
