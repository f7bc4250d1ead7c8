package io.meshfed.hub.log;

import java.time.Duration;

/**
 * Reads the membership log ({@code desired}, {@code meshes.v2}, {@code credentials}, {@code
 * status}, and the legacy {@code meshes.v1}) from the start.
 */
public interface LogSource {

  /**
   * Reads each topic from its beginning up to its end offsets at the time of the call.
   *
   * @throws LogReadException when the log cannot be read within the timeout
   */
  LogSnapshot read(Duration timeout);
}
