package io.meshfed.hub;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The hub's own settings. Kafka and HTTP are configured through the usual Quarkus keys. */
@ConfigMapping(prefix = "meshfed.hub")
public interface HubConfig {

  /**
   * How long a REST write waits for the broker to acknowledge the request and for the request
   * processor to decide it, before answering 504 with the request id.
   */
  @WithDefault("10s")
  Duration requestTimeout();

  /**
   * How long the hub waits for the broker to acknowledge the records of one accepted change or
   * status report before it gives up on it.
   */
  @WithDefault("30s")
  Duration publishTimeout();

  /** After how long without a status report a member is shown as {@code Unreachable}. */
  @WithDefault("60s")
  Duration unreachableAfter();

  /** How often the hub looks for members whose heartbeats stopped. */
  @WithDefault("10s")
  Duration unreachableCheckInterval();

  /** How long reading the membership log at start may take before the hub gives up and exits. */
  @WithDefault("120s")
  Duration rebuildTimeout();

  /** The CloudEvents {@code source} of every record the hub writes. */
  @WithDefault("/meshfed/hub")
  String source();
}
