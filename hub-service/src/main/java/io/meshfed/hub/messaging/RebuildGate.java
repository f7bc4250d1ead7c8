package io.meshfed.hub.messaging;

import io.meshfed.hub.HubConfig;
import io.meshfed.hub.HubState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Holds the consumers back until the registry has been rebuilt from the log. */
@ApplicationScoped
public class RebuildGate {

  private static final Logger LOG = Logger.getLogger(RebuildGate.class);

  private final HubState state;
  private final HubConfig config;

  @Inject
  public RebuildGate(HubState state, HubConfig config) {
    this.state = state;
    this.config = config;
  }

  /**
   * Waits for the rebuild, however long it takes: a record taken before the registry is rebuilt
   * could be neither applied nor committed, and a valid request must not end up dead-lettered.
   */
  public void awaitRebuilt() {
    try {
      while (!state.awaitReady(config.rebuildTimeout())) {
        LOG.warnf(
            "still waiting for the rebuild from the membership log after %s",
            config.rebuildTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the rebuild", e);
    }
  }
}
