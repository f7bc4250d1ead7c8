package io.meshfed.agent.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The time the agent's security step judges renewals and expiries by: the system clock in UTC.
 * Tests that need time to pass replace it with an alternative bean.
 */
@Dependent
public class AgentClock {

  @Produces
  @DefaultBean
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
