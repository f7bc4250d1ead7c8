package io.meshfed.hub.support;

import io.meshfed.hub.log.LogReadException;
import io.meshfed.hub.log.LogSnapshot;
import io.meshfed.hub.log.LogSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A membership log whose reading finishes only when the test opens the gate. */
@Alternative
@ApplicationScoped
public class GatedLogSource implements LogSource {

  private static final CountDownLatch GATE = new CountDownLatch(1);
  private static volatile LogSnapshot snapshot = LogSnapshot.empty();

  /** Lets the rebuild read the given log. */
  public static void open(LogSnapshot log) {
    snapshot = log;
    GATE.countDown();
  }

  @Override
  public LogSnapshot read(Duration timeout) {
    try {
      if (!GATE.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new LogReadException("the test did not open the log within " + timeout, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LogReadException("interrupted", e);
    }
    return snapshot;
  }
}
