package io.meshfed.hub.messaging;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.DomainEvent;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.metrics.HubMetrics;
import io.meshfed.hub.plan.Changes;
import io.meshfed.hub.signing.HubSigningKey;
import io.meshfed.hub.signing.SigningTimes;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The hub's one writer to its topics: desired records and tombstones, credential records and
 * tombstones, mesh records, domain events. Every record of the state topics (desired, credential,
 * mesh, tombstones too) is signed with the hub's key ({@link HubSigningKey}): agents drop what does
 * not verify. Every call waits until the broker acknowledged every record it sent.
 */
@ApplicationScoped
public class RecordPublisher {

  private final MutinyEmitter<Record<String, byte[]>> desired;
  private final MutinyEmitter<Record<String, byte[]>> credentials;
  private final MutinyEmitter<byte[]> meshes;
  private final MutinyEmitter<byte[]> events;
  private final HubConfig config;
  private final HubMetrics metrics;
  private final HubSigningKey signingKey;
  private final SigningTimes signingTimes;

  @Inject
  public RecordPublisher(
      @Channel("desired-out") MutinyEmitter<Record<String, byte[]>> desired,
      @Channel("credentials-out") MutinyEmitter<Record<String, byte[]>> credentials,
      @Channel("meshes-out") MutinyEmitter<byte[]> meshes,
      @Channel("events-out") MutinyEmitter<byte[]> events,
      HubConfig config,
      HubMetrics metrics,
      HubSigningKey signingKey,
      SigningTimes signingTimes) {
    this.signingTimes = signingTimes;
    this.desired = desired;
    this.credentials = credentials;
    this.meshes = meshes;
    this.events = events;
    this.config = config;
    this.metrics = metrics;
    this.signingKey = signingKey;
  }

  /**
   * Writes the membership log part of a change: desired records and tombstones, credential records
   * and tombstones, mesh records.
   */
  public void writeState(Changes changes) {
    List<Uni<Void>> sends = new ArrayList<>();
    for (DesiredMembership d : changes.desired()) {
      sends.add(keyed(desired, Topics.DESIRED, d.clusterName(), d));
    }
    for (String cluster : changes.tombstones()) {
      sends.add(tombstone(desired, Topics.DESIRED, cluster));
    }
    for (SharedCredential c : changes.credentials()) {
      sends.add(keyed(credentials, Topics.CREDENTIALS, c.sender(), c));
    }
    for (String sender : changes.credentialTombstones()) {
      sends.add(tombstone(credentials, Topics.CREDENTIALS, sender));
    }
    for (MeshRecord m : changes.meshRecords()) {
      byte[] value = EventCodec.encode(m);
      sends.add(
          meshes.sendMessage(
              Message.of(value)
                  .addMetadata(
                      metadata(m.meshId(), signed(headers(m), Topics.MESHES, m.meshId(), value)))));
    }
    await(sends);
    metrics.published(Topics.DESIRED, changes.desired().size() + changes.tombstones().size());
    metrics.published(
        Topics.CREDENTIALS, changes.credentials().size() + changes.credentialTombstones().size());
    metrics.published(Topics.MESHES, changes.meshRecords().size());
  }

  private Uni<Void> keyed(
      MutinyEmitter<Record<String, byte[]>> emitter, String topic, String key, MeshEvent event) {
    byte[] value = EventCodec.encode(event);
    return emitter.sendMessage(
        Message.of(Record.of(key, value))
            .addMetadata(metadata(key, signed(headers(event), topic, key, value))));
  }

  private Uni<Void> tombstone(
      MutinyEmitter<Record<String, byte[]>> emitter, String topic, String key) {
    return emitter.sendMessage(
        Message.of(Record.<String, byte[]>of(key, null))
            .addMetadata(metadata(key, signed(new RecordHeaders(), topic, key, null))));
  }

  /**
   * Adds the hub's signature over the topic, key, value and the time of signing, the time and the
   * id of its key.
   */
  private Headers signed(Headers headers, String topic, String key, byte[] value) {
    long signedAt = signingTimes.next();
    headers.add(
        CloudEventHeaders.SIGNATURE,
        signingKey.signTimed(topic, key, signedAt, value).getBytes(StandardCharsets.US_ASCII));
    headers.add(
        CloudEventHeaders.SIGNED_AT, Long.toString(signedAt).getBytes(StandardCharsets.US_ASCII));
    headers.add(CloudEventHeaders.KEY_ID, signingKey.keyId().getBytes(StandardCharsets.US_ASCII));
    return headers;
  }

  /** Writes domain events, keyed by mesh id. */
  public void writeEvents(List<? extends DomainEvent> domainEvents) {
    List<Uni<Void>> sends = new ArrayList<>();
    for (DomainEvent e : domainEvents) {
      sends.add(events.sendMessage(message(e.meshId(), e)));
    }
    await(sends);
    metrics.published(Topics.EVENTS, domainEvents.size());
  }

  private void await(List<Uni<Void>> sends) {
    if (sends.isEmpty()) {
      return;
    }
    Uni.join().all(sends).andFailFast().await().atMost(config.publishTimeout());
  }

  private Message<byte[]> message(String key, MeshEvent event) {
    return Message.of(EventCodec.encode(event)).addMetadata(metadata(key, headers(event)));
  }

  private Headers headers(MeshEvent event) {
    return KafkaEvents.headers(
        EventType.of(event), config.source(), UUID.randomUUID().toString(), Instant.now());
  }

  private static OutgoingKafkaRecordMetadata<String> metadata(String key, Headers headers) {
    return OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build();
  }
}
