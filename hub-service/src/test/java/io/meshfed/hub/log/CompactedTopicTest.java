package io.meshfed.hub.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rebuild's read keeps what compaction would, so its memory follows the keys, not the writes.
 */
class CompactedTopicTest {

  private long offset;

  private LogRecord record(String key, String value) {
    return new LogRecord(
        "t",
        0,
        offset++,
        key,
        value == null ? null : value.getBytes(StandardCharsets.UTF_8),
        "type",
        Instant.EPOCH,
        null);
  }

  private static List<String> values(List<LogRecord> records) {
    return records.stream()
        .map(r -> r.key() + "=" + (r.value() == null ? "null" : new String(r.value())))
        .toList();
  }

  @Test
  void keepsTheLastRecordOfEachKeyATombstoneIncluded() {
    CompactedTopic topic = new CompactedTopic(1);
    topic.add(record("a", "1"));
    topic.add(record("b", "1"));
    topic.add(record("a", "2"));
    topic.add(record("b", null));
    topic.add(record("c", "1"));
    for (int i = 0; i < 1000; i++) {
      topic.add(record("c", "x" + i));
    }

    assertThat(values(topic.records())).containsExactly("a=2", "b=null", "c=x999");
  }

  @Test
  void keepsTheLastFewOfEachKeyInOffsetOrder() {
    CompactedTopic topic = new CompactedTopic(3);
    for (int i = 1; i <= 5; i++) {
      topic.add(record("s", String.valueOf(i)));
    }
    topic.add(record("t", "1"));

    assertThat(values(topic.records())).containsExactly("s=3", "s=4", "s=5", "t=1");
  }
}
