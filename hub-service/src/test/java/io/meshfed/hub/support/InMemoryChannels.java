package io.meshfed.hub.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.HashMap;
import java.util.Map;

/** Puts every channel of the hub on the in-memory connector. */
public class InMemoryChannels implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    Map<String, String> props = new HashMap<>();
    props.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("requests", "status"));
    props.putAll(
        InMemoryConnector.switchOutgoingChannelsToInMemory(
            "requests-out",
            "desired-out",
            "credentials-out",
            "meshes-out",
            "events-out",
            "dlq-out"));
    return props;
  }

  @Override
  public void stop() {
    InMemoryConnector.clear();
  }
}
