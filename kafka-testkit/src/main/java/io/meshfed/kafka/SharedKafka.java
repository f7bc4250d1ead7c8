package io.meshfed.kafka;

import java.nio.file.Path;
import org.apache.kafka.clients.admin.Admin;

/**
 * One broker for every test class of a JVM. The first call to {@link #get()} starts it and creates
 * the meshfed topics; a JVM shutdown hook stops it and removes its data. Callers must not close the
 * broker they get.
 *
 * <p>The data directory is created under the system property {@value #DIR_PROPERTY}, by default
 * {@code target} of the working directory (the module directory under Maven).
 */
public final class SharedKafka {

  /** System property naming the directory under which the broker's data directory is created. */
  public static final String DIR_PROPERTY = "meshfed.kafka.dir";

  private static EmbeddedKafka broker;

  private SharedKafka() {}

  /** The shared broker, started on first use, with every meshfed topic created. */
  public static synchronized EmbeddedKafka get() {
    if (broker == null) {
      EmbeddedKafka started =
          EmbeddedKafka.start(Path.of(System.getProperty(DIR_PROPERTY, "target")));
      try (Admin admin = started.admin()) {
        MeshfedTopics.create(admin);
      } catch (RuntimeException e) {
        started.close();
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "meshfed-shared-kafka-stop"));
      broker = started;
    }
    return broker;
  }

  /** Shorthand for {@code get().bootstrapServers()}. */
  public static String bootstrapServers() {
    return get().bootstrapServers();
  }
}
