package io.meshfed.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** A broker of its own: starts on the loopback address and leaves nothing behind when closed. */
class EmbeddedKafkaTest {

  private static final Path PARENT = Path.of("target", "embedded-kafka-test");

  @Test
  void servesClientsOnLoopbackAndRemovesItsDataWhenClosed() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(PARENT);
    Path dataDir = kafka.dataDir();
    String bootstrap = kafka.bootstrapServers();
    try {
      assertThat(bootstrap).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(dataDir).isDirectory().startsWith(PARENT);
      try (Admin admin = kafka.admin()) {
        admin
            .createTopics(Set.of(new NewTopic("embedded-kafka-test", 1, (short) 1)))
            .all()
            .get(60, TimeUnit.SECONDS);
        // The broker learns of the new topic from the controller's metadata log a moment later.
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS))
                        .contains("embedded-kafka-test"));
      }
      assertThat(Files.list(dataDir)).isNotEmpty();
    } finally {
      kafka.close();
    }

    assertThat(dataDir).doesNotExist();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
    kafka.close(); // a second close is harmless
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(EmbeddedKafka.HOST, port), 2_000);
    }
  }
}
