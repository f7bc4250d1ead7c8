package io.meshfed.hub.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The hub on in-memory channels, with a membership log the test hands over when it chooses. */
public class RebuildingProfile implements QuarkusTestProfile {

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(GatedLogSource.class, LoopbackRequestPublisher.class);
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(TestTokens.hubConfig());
    config.put("quarkus.kafka.health.enabled", "false");
    return config;
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(InMemoryChannels.class));
  }
}
