package io.meshfed.hub.broker;

/**
 * What the first hub lifetime leaves for the second, in system properties: they outlive the Quarkus
 * class loader of each lifetime.
 */
final class Lifetimes {

  static final String MESHES_ANSWER = "meshfed.test.first-life.meshes";
  static final String RECORD_COUNTS = "meshfed.test.first-life.record-counts";
  static final String MESH = "restart-mesh";

  private Lifetimes() {}
}
