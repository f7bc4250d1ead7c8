package io.meshfed.agent.status;

import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.security.AgentKeys;
import io.meshfed.events.EventType;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.security.sign.RecordSigner;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends status records on {@code meshfed.status.v1} for every served cluster, through one producer:
 * each record keyed by its cluster's name, a CloudEvent from {@code /meshfed/agent/<cluster>},
 * signed with that cluster's key, with the cluster's next sequence ({@link StatusSequences}). What
 * to send and when is each cluster's {@link StatusReporter}'s business.
 */
@ApplicationScoped
public class StatusPublisher {

  private static final Logger LOG = Logger.getLogger(StatusPublisher.class);

  private final Emitter<byte[]> emitter;
  private final AgentMetrics metrics;
  private final StatusSequences sequences;

  public StatusPublisher(
      @Channel("status") Emitter<byte[]> emitter, AgentMetrics metrics, Clock clock) {
    this.emitter = emitter;
    this.metrics = metrics;
    this.sequences = new StatusSequences(clock);
  }

  /**
   * Gives the status its cluster's next sequence, signs it with the cluster's key and hands it to
   * the producer: the record carries {@code ce_meshfedsignature} (Ed25519 over the record key and
   * the exact value bytes, the sequence in them) and {@code ce_meshfedkeyid} (the key's
   * fingerprint). A cluster's reports are published one at a time (its {@link StatusReporter}), so
   * they reach the producer in the order of their sequences.
   *
   * @param unsequenced the status to send; its own sequence, if any, is replaced
   * @return whether it was accepted for sending (a failed send is logged)
   */
  public boolean publish(ClusterStatus unsequenced, AgentKeys keys) {
    ClusterStatus status = unsequenced.withSequence(sequences.next(unsequenced.clusterName()));
    byte[] value = EventCodec.encode(status);
    Headers headers =
        KafkaEvents.headers(
            EventType.CLUSTER_STATUS,
            source(status.clusterName()),
            UUID.randomUUID().toString(),
            status.reportedAt());
    headers.add(
        CloudEventHeaders.SIGNATURE,
        RecordSigner.sign(keys.signingKey(), status.clusterName(), value)
            .getBytes(StandardCharsets.UTF_8));
    headers.add(CloudEventHeaders.KEY_ID, keys.keyId().getBytes(StandardCharsets.UTF_8));
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withKey(status.clusterName())
            .withHeaders(headers)
            .build();
    Message<byte[]> message =
        Message.of(value)
            .addMetadata(metadata)
            .withNack(
                failure -> {
                  LOG.warnf(
                      "mesh=%s cluster=%s: status not published: %s",
                      status.meshId(), status.clusterName(), failure.getMessage());
                  return CompletableFuture.completedFuture(null);
                });
    try {
      emitter.send(message);
      metrics.statusPublished(status.phase());
      return true;
    } catch (RuntimeException e) {
      LOG.warnf(
          "mesh=%s cluster=%s: status not published: %s",
          status.meshId(), status.clusterName(), e.getMessage());
      return false;
    }
  }

  /** The CloudEvents source of a cluster's status records. */
  static String source(String cluster) {
    return "/meshfed/agent/" + cluster;
  }
}
