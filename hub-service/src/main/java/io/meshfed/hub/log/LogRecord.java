package io.meshfed.hub.log;

import java.time.Instant;

/**
 * One record read from the membership log.
 *
 * @param value the body, null for a tombstone
 * @param ceType the {@code ce_type} header, null if absent
 * @param timestamp the record's timestamp
 * @param signature the {@code ce_meshfedsignature} header, null if absent
 */
public record LogRecord(
    String topic,
    int partition,
    long offset,
    String key,
    byte[] value,
    String ceType,
    Instant timestamp,
    String signature) {

  /** A record without a signature header. */
  public LogRecord(
      String topic,
      int partition,
      long offset,
      String key,
      byte[] value,
      String ceType,
      Instant timestamp) {
    this(topic, partition, offset, key, value, ceType, timestamp, null);
  }
}
