package io.meshfed.agent.messaging;

import io.meshfed.agent.config.AgentConfig;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.security.sign.HubRecordSignatures;
import io.meshfed.security.sign.SigningKeys;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Takes in only what the hub wrote: a desired, mesh or credential record, tombstones too, must
 * carry the hub's signature over its topic, key and value ({@link HubRecordSignatures}) by one of
 * the keys pinned in {@code meshfed.agent.hub.signing-public-keys}. A record that does not is
 * rejected to the dead-letter topic with the reason ({@code HubSignatureMissing}, {@code
 * HubSignatureUnknownKey}, {@code HubSignatureInvalid}) and changes nothing: so a Kafka writer
 * without the hub's key cannot replace a cluster's {@code cacerts}, inject a remote secret or make
 * a cluster leave. A copy of an older record of the hub, appended after a newer one of its key (an
 * old tombstone of a cluster that left and joined again), is rejected as {@code
 * HubSignatureReplayed}: the hub signs the time it signed at. The agent does not start without a
 * pinned key unless {@code meshfed.agent.hub.accept-unsigned-records} is set.
 */
@ApplicationScoped
@Startup
public class HubRecordCheck {

  private static final Logger LOG = Logger.getLogger(HubRecordCheck.class);

  /** The dead-letter reason of a copy of an older hub record. */
  public static final String REPLAYED = "HubSignatureReplayed";

  private static final long UNTIMED = -1;

  /** The newest record of a topic and key this agent took in. */
  private record Newest(int partition, long offset, long signedAt) {}

  private final Map<String, Newest> newest = new ConcurrentHashMap<>();
  private final Map<String, PublicKey> pinned;
  private final boolean acceptUnsigned;
  private final RecordReader reader;

  @Inject
  public HubRecordCheck(AgentConfig config, RecordReader reader) {
    this(
        config.hub().signingPublicKeys().orElse(List.of()),
        config.hub().acceptUnsignedRecords(),
        reader);
  }

  HubRecordCheck(List<String> keys, boolean acceptUnsigned, RecordReader reader) {
    this.pinned = pin(keys, acceptUnsigned);
    this.acceptUnsigned = acceptUnsigned;
    this.reader = reader;
    if (acceptUnsigned) {
      LOG.warn(
          "meshfed.agent.hub.accept-unsigned-records is set: records the hub did not sign are"
              + " taken in; whoever can write the state topics can change this cluster's mesh");
    } else {
      LOG.infof("the hub's records must be signed by one of the keys %s", pinned.keySet());
    }
  }

  /**
   * @throws RejectedRecordException when the record does not speak for the hub
   */
  public void check(ConsumerRecord<String, byte[]> record) {
    HubRecordSignatures.Verdict verdict =
        HubRecordSignatures.verify(
            pinned,
            record.topic(),
            record.key(),
            record.value(),
            KafkaEvents.header(record.headers(), CloudEventHeaders.SIGNATURE),
            KafkaEvents.header(record.headers(), CloudEventHeaders.KEY_ID),
            KafkaEvents.header(record.headers(), CloudEventHeaders.SIGNED_AT));
    if (verdict == HubRecordSignatures.Verdict.VALID) {
      checkNewer(record);
      return;
    }
    if (acceptUnsigned) {
      return;
    }
    throw reader.reject(
        record,
        verdict.reason(),
        switch (verdict) {
          case MISSING -> "the record carries no signature of the hub";
          case UNKNOWN_KEY ->
              "the record is signed by key "
                  + KafkaEvents.header(record.headers(), CloudEventHeaders.KEY_ID)
                  + ", which is not one of the hub's pinned keys "
                  + pinned.keySet();
          default -> "the record's signature does not verify with the hub's pinned keys";
        });
  }

  /**
   * Drops a copy of an older record: a record appended after the newest one of its key this agent
   * took in must be signed later than it ({@code HubSignatureReplayed}). The same record read again
   * (a consumer that went back after a rebalance) is not a copy: its offset is not past the newest.
   * Records of a hub that signed no time are compared with nothing.
   */
  private void checkNewer(ConsumerRecord<String, byte[]> record) {
    long signedAt = signedAt(record);
    String key = record.topic() + "/" + record.key();
    Newest previous = newest.get(key);
    if (previous != null
        && previous.partition() == record.partition()
        && record.offset() <= previous.offset()) {
      return;
    }
    if (previous != null
        && previous.partition() == record.partition()
        && signedAt != UNTIMED
        && signedAt <= previous.signedAt()) {
      throw reader.reject(
          record,
          REPLAYED,
          "the record was signed at "
              + Instant.ofEpochMilli(signedAt)
              + ", not after the newest record of key "
              + record.key()
              + " this agent took in (signed at "
              + Instant.ofEpochMilli(previous.signedAt())
              + "): a copy of an older record of the hub");
    }
    if (previous != null && signedAt == UNTIMED && previous.signedAt() != UNTIMED) {
      throw reader.reject(
          record,
          REPLAYED,
          "the record carries no signing time after a record of key "
              + record.key()
              + " that did: a copy of a record of an earlier hub");
    }
    newest.put(key, new Newest(record.partition(), record.offset(), signedAt));
  }

  private static long signedAt(ConsumerRecord<String, byte[]> record) {
    String header = KafkaEvents.header(record.headers(), CloudEventHeaders.SIGNED_AT);
    if (header == null || header.isBlank()) {
      return UNTIMED;
    }
    // the signature verified over this very text: it is a number
    return Long.parseLong(header.strip());
  }

  private static Map<String, PublicKey> pin(List<String> keys, boolean acceptUnsigned) {
    Map<String, PublicKey> byId = new LinkedHashMap<>();
    for (String key : keys) {
      if (key == null || key.isBlank()) {
        continue;
      }
      PublicKey decoded;
      try {
        decoded = SigningKeys.decodePublicKey(key.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "meshfed.agent.hub.signing-public-keys: " + e.getMessage(), e);
      }
      byId.put(SigningKeys.fingerprint(decoded), decoded);
    }
    if (byId.isEmpty() && !acceptUnsigned) {
      throw new IllegalStateException(
          "meshfed.agent.hub.signing-public-keys (MESHFED_AGENT_HUB_SIGNING_PUBLIC_KEYS) is not"
              + " set: pin the hub's record-signing key (GET /api/v1/hub/signing-key on the hub),"
              + " or set meshfed.agent.hub.accept-unsigned-records=true to take in unsigned records");
    }
    return Map.copyOf(byId);
  }
}
