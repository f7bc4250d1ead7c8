package io.meshfed.agent.config;

import io.meshfed.security.ca.CaKeyType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the cluster agent. Every member can be set by an environment variable. */
@ConfigMapping(prefix = "meshfed.agent")
public interface AgentConfig {

  /**
   * Single-cluster mode: the name of the cluster this agent runs in, as the hub knows it (the key
   * of its records on {@code meshfed.desired.v1} and {@code meshfed.status.v1}); the cluster is
   * reached with the Kubernetes client's default configuration. Set either this or {@link
   * #hosted()}, not both ({@code MESHFED_AGENT_CLUSTER_NAME}).
   */
  Optional<String> clusterName();

  /**
   * Hosted mode: one agent process serving several clusters, each reached through a kubeconfig of
   * its own. Set either this or {@link #clusterName()}, not both.
   */
  Hosted hosted();

  /**
   * How many threads reconcile the served clusters. A cluster is reconciled by one thread at a
   * time; more clusters than threads wait their turn.
   */
  @WithDefault("4")
  int reconcileThreads();

  /** The version this agent reports in its status; defaults to the build's version. */
  @WithDefault("${quarkus.application.version:unknown}")
  String agentVersion();

  /**
   * How often the whole desired state is reconciled even when nothing was observed to change, so
   * that drift the watches missed is repaired.
   */
  @WithDefault("30s")
  Duration resyncInterval();

  /** How often the current status is published again although it did not change. */
  @WithDefault("10s")
  Duration heartbeatInterval();

  /**
   * The API server URL that peers use to reach this cluster, reported in the status. When unset,
   * the Kubernetes client's master URL is reported. Single-cluster mode only: in hosted mode each
   * cluster reports the server of its kubeconfig.
   */
  Optional<String> apiServerUrl();

  /**
   * How long the agent waits at start for the state topics to be read to their end before it acts
   * on what it has read.
   */
  @WithDefault("30s")
  Duration replayTimeout();

  /** Retries of a reconcile that failed on an API call. */
  Retry retry();

  /** The cluster's intermediate CA and the reader credentials the agent shares with its peers. */
  Security security();

  /** How the agent trusts the hub's records. */
  Hub hub();

  /** The hub's record-signing keys the agent pins. */
  interface Hub {

    /**
     * The hub's public keys (base64 of the X.509 SubjectPublicKeyInfo, Ed25519, as the hub logs it
     * at start and serves it at {@code GET /api/v1/hub/signing-key}): a desired, mesh or credential
     * record (or tombstone) is taken in only when one of them verifies its signature; anything else
     * goes to the dead-letter topic. Two keys while the hub's key is replaced ({@code
     * MESHFED_AGENT_HUB_SIGNING_PUBLIC_KEYS}, comma-separated).
     */
    Optional<List<String>> signingPublicKeys();

    /**
     * Take in records the hub did not sign, or signed with a key not pinned: for a hub older than
     * its signatures only. Whoever can write the state topics can then replace {@code cacerts} or
     * inject remote secrets.
     */
    @WithDefault("false")
    boolean acceptUnsignedRecords();
  }

  /** The clusters a hosted agent serves, each with its kubeconfig. */
  interface Hosted {

    /**
     * A directory holding one kubeconfig per cluster (for example a mounted Secret): every regular
     * file whose name does not start with a dot is one cluster, named after the file without a
     * {@code .yaml}, {@code .yml} or {@code .kubeconfig} suffix; its current context is used
     * ({@code MESHFED_AGENT_HOSTED_KUBECONFIG_DIR}).
     */
    Optional<String> kubeconfigDir();

    /**
     * Clusters listed one by one as {@code name=path-to-kubeconfig}, comma-separated; the current
     * context of each kubeconfig is used ({@code MESHFED_AGENT_HOSTED_CLUSTERS}). May be combined
     * with {@link #kubeconfigDir()}; a name may appear only once.
     */
    Optional<List<String>> clusters();
  }

  /** Exponential backoff between retries of a failed reconcile. */
  interface Retry {

    /** The wait before the first retry. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** The longest wait between two retries. */
    @WithDefault("60s")
    Duration maxBackoff();

    /** The factor the wait grows by after each failed retry. */
    @WithDefault("2.0")
    double multiplier();

    /** How many times an update that hit a conflict (409) is read again and retried at once. */
    @WithDefault("3")
    int conflictRetries();
  }

  /**
   * The cluster's intermediate CA and the reader credentials the agent shares with its peers. The
   * agent's own keys are kept in {@code istio-system/meshfed-agent-keys} of each served cluster.
   */
  interface Security {

    /**
     * The key type of the intermediate CA key the agent generates: {@code EC_P256} or {@code
     * RSA_3072}.
     */
    @WithDefault("EC_P256")
    CaKeyType intermediateKeyType();

    /**
     * The fraction of the intermediate CA's lifetime after which the agent requests a new one,
     * strictly between 0 and 1. Use the hub's fraction ({@code meshfed.hub.ca.renewal-fraction}) or
     * a later one: the hub defers a request that comes before it.
     */
    @WithDefault("0.8")
    double intermediateRenewalFraction();

    /**
     * How long a reader token (the credential of {@code meshfed-reader} the agent seals for its
     * peers) is used at most: the agent revokes it (deletes its token Secret) then at the latest,
     * whether or not every peer moved on to a newer one.
     */
    @WithDefault("7d")
    Duration readerTokenLifetime();

    /**
     * The fraction of a reader token's lifetime after which the agent mints the next one and seals
     * it for its peers, strictly between 0 and 1; the older token is revoked once every peer
     * reports the new one applied.
     */
    @WithDefault("0.5")
    double readerTokenRenewalFraction();
  }
}
