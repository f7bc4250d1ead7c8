package io.meshfed.agent.config;

import io.meshfed.security.ca.CaKeyType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An {@link AgentConfig} for unit tests, with the defaults of the mapping for what it does not
 * name.
 */
public record TestConfig(
    Optional<String> clusterName,
    Optional<String> kubeconfigDir,
    Optional<List<String>> clusters,
    Optional<String> apiServerUrl,
    Duration replayTimeout)
    implements AgentConfig {

  /** Single-cluster mode. */
  public TestConfig(String cluster, Duration replayTimeout) {
    this(Optional.of(cluster), Optional.empty(), Optional.empty(), Optional.empty(), replayTimeout);
  }

  /** Single-cluster mode. */
  public static TestConfig of(String cluster) {
    return new TestConfig(cluster, Duration.ofSeconds(30));
  }

  /** Hosted mode, with a kubeconfig directory and/or a list of {@code name=path} entries. */
  public static TestConfig hosted(Optional<String> kubeconfigDir, List<String> clusters) {
    return new TestConfig(
        Optional.empty(),
        kubeconfigDir,
        clusters.isEmpty() ? Optional.empty() : Optional.of(clusters),
        Optional.empty(),
        Duration.ofSeconds(30));
  }

  /** The same, with the cluster name of single-cluster mode set (or cleared). */
  public TestConfig withClusterName(Optional<String> name) {
    return new TestConfig(name, kubeconfigDir, clusters, apiServerUrl, replayTimeout);
  }

  /** The same, with an API server URL override. */
  public TestConfig withApiServerUrl(String url) {
    return new TestConfig(clusterName, kubeconfigDir, clusters, Optional.of(url), replayTimeout);
  }

  @Override
  public Hosted hosted() {
    return new Hosted() {
      @Override
      public Optional<String> kubeconfigDir() {
        return kubeconfigDir;
      }

      @Override
      public Optional<List<String>> clusters() {
        return clusters;
      }
    };
  }

  @Override
  public int reconcileThreads() {
    return 4;
  }

  @Override
  public String agentVersion() {
    return "0.0.0-test";
  }

  @Override
  public Duration resyncInterval() {
    return Duration.ofSeconds(30);
  }

  @Override
  public Duration heartbeatInterval() {
    return Duration.ofSeconds(10);
  }

  @Override
  public Hub hub() {
    return new Hub() {
      @Override
      public Optional<List<String>> signingPublicKeys() {
        return Optional.of(List.of(io.meshfed.agent.component.TestHubKey.publicKey()));
      }

      @Override
      public boolean acceptUnsignedRecords() {
        return false;
      }
    };
  }

  @Override
  public Security security() {
    return new Security() {
      @Override
      public CaKeyType intermediateKeyType() {
        return CaKeyType.EC_P256;
      }

      @Override
      public double intermediateRenewalFraction() {
        return 0.8;
      }

      @Override
      public Duration readerTokenLifetime() {
        return Duration.ofDays(7);
      }

      @Override
      public double readerTokenRenewalFraction() {
        return 0.5;
      }
    };
  }

  @Override
  public Retry retry() {
    return new Retry() {
      @Override
      public Duration initialBackoff() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration maxBackoff() {
        return Duration.ofSeconds(60);
      }

      @Override
      public double multiplier() {
        return 2.0;
      }

      @Override
      public int conflictRetries() {
        return 3;
      }
    };
  }
}
