package io.meshfed.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one node that is both broker and KRaft controller,
 * advertised on 127.0.0.1 with ports chosen by the system. (The test kit reserves those ports
 * before the broker starts and binds them on every interface; clients are only ever given the
 * loopback address.) Its data lives in a fresh directory under the one the caller gives; {@link
 * #close()} stops every broker thread and removes that directory.
 *
 * <p>The single node is configured so that consumer groups and transactions work with one replica
 * (internal topics with replication factor 1 and min ISR 1), and it runs the latest production
 * metadata version without unstable features, like a production broker of the same release.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** The host clients use to reach the broker. */
  public static final String HOST = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final long CLOSE_TIMEOUT_SECONDS = 60;

  private final KafkaClusterTestKit cluster;
  private final Path dataDir;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir, String bootstrapServers) {
    this.cluster = cluster;
    this.dataDir = dataDir;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts a broker and waits until it accepts clients.
   *
   * @param parentDir where the broker's data directory is created (for tests: under {@code
   *     target/}); created if missing
   * @throws IllegalStateException when the broker does not start; nothing is left running
   */
  public static EmbeddedKafka start(Path parentDir) {
    long started = System.nanoTime();
    Path dataDir = createDataDir(parentDir);
    KafkaClusterTestKit cluster = null;
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
              .setBaseDirectory(dataDir)
              .build();
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
      brokerConfig(nodes).forEach(builder::setConfigProp);
      cluster = builder.setDeleteOnClose(true).build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      String bootstrap = HOST + ":" + port(cluster.bootstrapServers());
      LOG.info(
          "Kafka broker started (KRaft, single node) at {} in {} ms",
          bootstrap,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new EmbeddedKafka(cluster, dataDir, bootstrap);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(cluster);
      deleteRecursively(dataDir);
      throw new IllegalStateException(
          "the Kafka broker did not start in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** {@code host:port} for the {@code bootstrap.servers} setting of clients. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The directory that holds the broker's logs and metadata; gone after {@link #close()}. */
  public Path dataDir() {
    return dataDir;
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(KafkaClientConfig.admin(bootstrapServers));
  }

  /**
   * Stops the broker as a crash or an upgrade would: its listener closes and every client loses it,
   * while its data (and the KRaft controller beside it) stay. {@link #startBroker()} brings it back
   * on the same port.
   */
  public synchronized void stopBroker() {
    checkOpen();
    cluster.brokers().values().forEach(KafkaBroker::shutdown);
    cluster.brokers().values().forEach(KafkaBroker::awaitShutdown);
    LOG.info("Kafka broker at {} stopped; its data stays in {}", bootstrapServers, dataDir);
  }

  /**
   * Starts the broker stopped by {@link #stopBroker()} again, on the same port with the same data,
   * and waits until it answers clients.
   *
   * @throws IllegalStateException when it does not come back
   */
  public synchronized void startBroker() {
    checkOpen();
    long started = System.nanoTime();
    try {
      cluster.brokers().values().forEach(KafkaBroker::startup);
      cluster.waitForReadyBrokers();
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "the Kafka broker at " + bootstrapServers + " did not start again: " + e.getMessage(), e);
    }
    LOG.info(
        "Kafka broker at {} started again in {} ms",
        bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /** Stops the broker and its threads and removes its data directory. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "the Kafka broker at " + bootstrapServers + " did not stop", e);
    } finally {
      deleteRecursively(dataDir);
    }
    LOG.info("Kafka broker at {} stopped", bootstrapServers);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the Kafka broker at " + bootstrapServers + " is closed");
    }
  }

  private static Map<String, Object> brokerConfig(TestKitNodes nodes) {
    String broker = nodes.brokerListenerName().value();
    String controller = nodes.controllerListenerName().value();
    return Map.ofEntries(
        Map.entry("listeners", broker + "://" + HOST + ":0," + controller + "://" + HOST + ":0"),
        // One broker: every internal topic has one replica, or consumer groups and transactions
        // never get a coordinator.
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "5"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "5"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("default.replication.factor", "1"),
        Map.entry("min.insync.replicas", "1"),
        // Tests join groups often; do not wait for more members that never come.
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        // Compacted topics compact within seconds instead of the default 15 s check interval.
        Map.entry("log.cleaner.backoff.ms", "1000"),
        Map.entry("unstable.api.versions.enable", "false"),
        Map.entry("unstable.feature.versions.enable", "false"));
  }

  private static int port(String bootstrapServers) {
    String first = bootstrapServers.split(",")[0];
    return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
  }

  private static Path createDataDir(Path parentDir) {
    try {
      Files.createDirectories(parentDir);
      return Files.createTempDirectory(parentDir, "kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka data directory in " + parentDir, e);
    }
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("could not stop a Kafka broker that failed to start", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(EmbeddedKafka::delete);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the Kafka data directory " + dir, e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
  }
}
