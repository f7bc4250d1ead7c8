package io.meshfed.hub.support;

import io.meshfed.hub.log.LogSnapshot;
import io.meshfed.hub.log.LogSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;

/** A membership log with nothing on it: the hub's first start. */
@Alternative
@ApplicationScoped
public class EmptyLogSource implements LogSource {

  @Override
  public LogSnapshot read(Duration timeout) {
    return LogSnapshot.empty();
  }
}
