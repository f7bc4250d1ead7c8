package io.meshfed.hub.log;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one compacted topic as read so far, keeping the last {@code perKey} of each key (a
 * tombstone counts as a record: it is what the rebuild must see last). Records without a key are
 * all kept. {@link #records} lists each key's kept records in offset order, keys in the order of
 * their first record.
 */
final class CompactedTopic {

  private final int perKey;
  private final Map<String, Deque<LogRecord>> byKey = new LinkedHashMap<>();
  private final List<LogRecord> unkeyed = new ArrayList<>();

  CompactedTopic(int perKey) {
    if (perKey < 1) {
      throw new IllegalArgumentException("perKey must be at least 1");
    }
    this.perKey = perKey;
  }

  void add(LogRecord record) {
    if (record.key() == null) {
      unkeyed.add(record);
      return;
    }
    Deque<LogRecord> kept = byKey.computeIfAbsent(record.key(), k -> new ArrayDeque<>(perKey));
    if (kept.size() == perKey) {
      kept.removeFirst();
    }
    kept.addLast(record);
  }

  List<LogRecord> records() {
    List<LogRecord> out = new ArrayList<>(unkeyed);
    byKey.values().forEach(out::addAll);
    return out;
  }
}
