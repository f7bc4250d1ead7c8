package io.meshfed.agent.component;

import io.meshfed.agent.security.TestCa;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The agent of {@link AgentTestResources} with an API server URL for its peers (the mock API server
 * speaks plain HTTP, which no reader kubeconfig may use) and a clock the test moves.
 */
public class SecurityProfile implements QuarkusTestProfile {

  public static final String API_SERVER_URL = "https://api.cluster1.example:6443";

  /**
   * The CA the agent's client trusts (as an in-cluster client trusts the service account's {@code
   * ca.crt}): the CA of the reader kubeconfig it shares.
   */
  public static final String API_CA = new TestCa("api-servers").rootPem();

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "meshfed.agent.api-server-url",
        API_SERVER_URL,
        "quarkus.kubernetes-client.ca-cert-data",
        Base64.getEncoder().encodeToString(API_CA.getBytes(StandardCharsets.US_ASCII)));
  }

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(MovableClock.class);
  }
}
