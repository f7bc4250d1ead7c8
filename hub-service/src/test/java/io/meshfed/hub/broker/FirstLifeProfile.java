package io.meshfed.hub.broker;

import io.meshfed.hub.support.TestTokens;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The hub's first lifetime on the shared broker. Quarkus runs test classes grouped by profile name,
 * so this one runs before {@link SecondLifeProfile}.
 */
public class FirstLifeProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return TestTokens.hubConfig();
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(RealKafka.class));
  }
}
