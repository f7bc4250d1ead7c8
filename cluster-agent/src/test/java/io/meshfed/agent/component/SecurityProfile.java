package io.meshfed.agent.component;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * The agent of {@link AgentTestResources} with an API server URL for its peers (the mock API server
 * speaks plain HTTP, which no reader kubeconfig may use) and a clock the test moves.
 */
public class SecurityProfile implements QuarkusTestProfile {

  public static final String API_SERVER_URL = "https://api.cluster1.example:6443";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("meshfed.agent.api-server-url", API_SERVER_URL);
  }

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(MovableClock.class);
  }
}
