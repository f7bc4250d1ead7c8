package io.meshfed.sandbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A flight recording of the bench's own JVM for one run: the simulated clusters, the broker and the
 * reachability oracle in the sandbox, the played agents in the fleet simulator. It says where the
 * time goes that the hub's recording does not show.
 */
final class OwnRecording implements AutoCloseable {

  private final Recording recording;

  private OwnRecording(Recording recording) {
    this.recording = recording;
  }

  static OwnRecording start() throws IOException {
    try {
      Recording r = new Recording(Configuration.getConfiguration("profile"));
      r.start();
      return new OwnRecording(r);
    } catch (ParseException e) {
      throw new IOException("the JDK's profile settings cannot be read", e);
    }
  }

  /** Stops recording, writes the recording to {@code file} and reads what it shows. */
  HotMethods stop(Path file) throws IOException {
    recording.stop();
    Files.createDirectories(file.toAbsolutePath().getParent());
    recording.dump(file);
    recording.close();
    return HotMethods.of(file);
  }

  @Override
  public void close() {
    recording.close();
  }
}
