package io.meshfed.hub.broker;

import io.meshfed.events.Topics;
import java.util.List;

/**
 * What the first hub lifetime leaves for the second, in system properties: they outlive the Quarkus
 * class loader of each lifetime.
 */
final class Lifetimes {

  static final String MESHES_ANSWER = "meshfed.test.first-life.meshes";
  static final String RECORD_COUNTS = "meshfed.test.first-life.record-counts";
  static final String MESH = "restart-mesh";

  /** The topics the hub writes its membership log to. */
  static final List<String> HUB_TOPICS = List.of(Topics.DESIRED, Topics.MESHES, Topics.CREDENTIALS);

  private Lifetimes() {}
}
