package io.meshfed.agent.component;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the agent's channels on the in-memory connector, as cluster {@code cluster1}. The resync and
 * heartbeat timers are set to an hour so that whatever the tests see happen was caused by a record
 * or a watch event, not by a timer.
 */
public class AgentTestResources implements QuarkusTestResourceLifecycleManager {

  public static final String CLUSTER = "cluster1";

  @Override
  public Map<String, String> start() {
    Map<String, String> props = new HashMap<>();
    props.putAll(
        InMemoryConnector.switchIncomingChannelsToInMemory("desired", "meshes", "credentials"));
    props.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("status"));
    props.put("meshfed.agent.cluster-name", CLUSTER);
    props.put("meshfed.agent.hub.signing-public-keys", TestHubKey.publicKey());
    props.put("meshfed.agent.agent-version", "0.0.0-test");
    props.put("meshfed.agent.resync-interval", "1h");
    props.put("meshfed.agent.heartbeat-interval", "1h");
    props.put("meshfed.agent.retry.initial-backoff", "100ms");
    props.put("meshfed.agent.retry.max-backoff", "1s");
    return props;
  }

  @Override
  public void stop() {
    InMemoryConnector.clear();
  }
}
