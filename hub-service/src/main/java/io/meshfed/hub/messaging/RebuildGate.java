package io.meshfed.hub.messaging;

import io.meshfed.hub.HubConfig;
import io.meshfed.hub.HubState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Holds the consumers back until the registry has been rebuilt from the log. */
@ApplicationScoped
public class RebuildGate {

  private final HubState state;
  private final HubConfig config;

  @Inject
  public RebuildGate(HubState state, HubConfig config) {
    this.state = state;
    this.config = config;
  }

  /**
   * Waits for the rebuild; throws when it takes longer than the rebuild timeout, so that the record
   * is not committed before the hub could apply it.
   */
  public void awaitRebuilt() {
    try {
      if (!state.awaitReady(config.rebuildTimeout())) {
        throw new IllegalStateException(
            "the hub has not finished rebuilding its state from the log within "
                + config.rebuildTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the rebuild", e);
    }
  }
}
