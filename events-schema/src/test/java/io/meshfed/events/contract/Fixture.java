package io.meshfed.events.contract;

import io.meshfed.events.EventType;
import java.nio.file.Path;

/**
 * A golden fixture: an event body under {@code fixtures/valid/<Name>/} or {@code
 * fixtures/invalid/<Name>/}, where {@code <Name>} is {@link EventType#messageName()}.
 */
record Fixture(EventType type, String name, Path path, byte[] body) {

  @Override
  public String toString() {
    return type.messageName() + "/" + name;
  }
}
