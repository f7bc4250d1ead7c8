package io.meshfed.hub.broker;

import io.meshfed.kafka.SharedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real single-node broker for the hub, shared by every hub lifetime of the test JVM: the first
 * start publishes its address as a system property, later ones reuse it (each Quarkus restart has
 * its own class loader, so a static field would not survive it). Its shutdown hook stops it.
 */
public class RealKafka implements QuarkusTestResourceLifecycleManager {

  /** System property holding the shared broker's bootstrap servers. */
  public static final String BOOTSTRAP = "meshfed.test.kafka.bootstrap";

  public static synchronized String bootstrapServers() {
    String bootstrap = System.getProperty(BOOTSTRAP);
    if (bootstrap == null) {
      bootstrap = SharedKafka.bootstrapServers();
      System.setProperty(BOOTSTRAP, bootstrap);
    }
    return bootstrap;
  }

  @Override
  public Map<String, String> start() {
    return Map.of(
        "kafka.bootstrap.servers", bootstrapServers(),
        "quarkus.kafka.health.enabled", "true",
        "meshfed.hub.request-timeout", "30s");
  }

  @Override
  public void stop() {
    // the broker outlives this hub: the next lifetime reads what this one wrote
  }
}
