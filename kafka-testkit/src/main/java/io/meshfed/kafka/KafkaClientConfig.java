package io.meshfed.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The client settings of the meshfed contract: String keys, {@code byte[]} JSON values, producers
 * that lose nothing ({@code acks=all}, idempotence) and consumers that start from the beginning of
 * a topic and commit only when the caller says the work is done. Every method returns a new mutable
 * map, so a caller can add its own settings.
 */
public final class KafkaClientConfig {

  private KafkaClientConfig() {}

  /** A producer of meshfed records. */
  public static Map<String, Object> producer(String bootstrapServers) {
    Map<String, Object> config = common(bootstrapServers);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }

  /** A consumer of meshfed records in the given consumer group. */
  public static Map<String, Object> consumer(String bootstrapServers, String groupId) {
    Map<String, Object> config = common(bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return config;
  }

  /** An admin client. */
  public static Map<String, Object> admin(String bootstrapServers) {
    return common(bootstrapServers);
  }

  private static Map<String, Object> common(String bootstrapServers) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers is required (host:port)");
    }
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }
}
