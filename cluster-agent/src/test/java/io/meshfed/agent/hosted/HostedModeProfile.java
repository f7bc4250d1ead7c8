package io.meshfed.agent.hosted;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The agent in hosted mode, serving the clusters of {@link HostedClustersResource}. */
public class HostedModeProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(HostedClustersResource.class));
  }

  /** No single-cluster resources: the agent has no default cluster here. */
  @Override
  public boolean disableGlobalTestResources() {
    return true;
  }
}
