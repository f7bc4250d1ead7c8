package io.meshfed.hub.log;

import java.time.Instant;

/**
 * One record read from the membership log.
 *
 * @param value the body, null for a tombstone
 * @param ceType the {@code ce_type} header, null if absent
 * @param timestamp the record's timestamp
 */
public record LogRecord(
    String topic,
    int partition,
    long offset,
    String key,
    byte[] value,
    String ceType,
    Instant timestamp) {}
