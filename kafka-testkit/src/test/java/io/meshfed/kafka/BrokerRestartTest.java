package io.meshfed.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The broker stopped and started again: same address, same data, clients carry on. */
class BrokerRestartTest {

  private static final Path PARENT = Path.of("target", "broker-restart-test");
  private static final String TOPIC = "broker-restart-test";

  @Test
  void aStoppedBrokerComesBackOnItsPortWithItsRecords() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(PARENT)) {
      String bootstrap = kafka.bootstrapServers();
      int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
      try (Admin admin = kafka.admin()) {
        admin
            .createTopics(Set.of(new NewTopic(TOPIC, 1, (short) 1)))
            .all()
            .get(60, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(KafkaClientConfig.producer(bootstrap))) {
        producer.send(record("before")).get(60, TimeUnit.SECONDS);

        kafka.stopBroker();
        assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
        kafka.startBroker();
        // The same producer finds the broker again at the address it had.
        producer.send(record("after")).get(60, TimeUnit.SECONDS);
      }

      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(values(kafka)).containsExactly("before", "after");
    }
  }

  private static ProducerRecord<String, byte[]> record(String value) {
    return new ProducerRecord<>(TOPIC, "k", value.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> values(EmbeddedKafka kafka) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            KafkaClientConfig.consumer(kafka.bootstrapServers(), "broker-restart-test"))) {
      TopicPartition tp = new TopicPartition(TOPIC, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < 2 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
      }
      return values;
    }
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(EmbeddedKafka.HOST, port), 2_000);
    }
  }
}
