package io.meshfed.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the cluster agent. Every member can be set by an environment variable. */
@ConfigMapping(prefix = "meshfed.agent")
public interface AgentConfig {

  /**
   * The name of the cluster this agent runs in, as the hub knows it: the key of its records on
   * {@code meshfed.desired.v1} and {@code meshfed.status.v1}. Required ({@code
   * MESHFED_AGENT_CLUSTER_NAME}).
   */
  String clusterName();

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
   * the Kubernetes client's master URL is reported.
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
}
