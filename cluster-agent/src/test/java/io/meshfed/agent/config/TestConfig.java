package io.meshfed.agent.config;

import java.time.Duration;
import java.util.Optional;

/** An {@link AgentConfig} for unit tests, with the defaults of the mapping. */
public record TestConfig(String clusterName, Duration replayTimeout) implements AgentConfig {

  public static TestConfig of(String cluster) {
    return new TestConfig(cluster, Duration.ofSeconds(30));
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
  public Optional<String> apiServerUrl() {
    return Optional.empty();
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
