package io.meshfed.events;

import java.util.List;

/**
 * The Kafka topics of the meshfed event contract. Every name is versioned; a new major is a new
 * topic.
 */
public final class Topics {

  /**
   * Membership requests from platform teams and the hub's REST API. Key: mesh id. Delete, 7 days.
   */
  public static final String REQUESTS = "meshfed.requests.v1";

  /** Desired membership of one cluster, written by the hub. Key: cluster name. Compacted. */
  public static final String DESIRED = "meshfed.desired.v1";

  /**
   * Mesh-wide state (meshNetworks, per-cluster plan), written by the hub. Key: mesh id. Compacted.
   */
  public static final String MESHES = "meshfed.meshes.v1";

  /** Cluster status reported by each agent. Key: cluster name. Compacted. */
  public static final String STATUS = "meshfed.status.v1";

  /** Domain events for platform teams and audit. Key: mesh id. Delete. */
  public static final String EVENTS = "meshfed.events.v1";

  /** Records that a consumer could not process, with the reason. Key: as received. Delete. */
  public static final String DLQ = "meshfed.dlq.v1";

  /** Every topic, in the order of the table in the design. */
  public static final List<String> ALL = List.of(REQUESTS, DESIRED, MESHES, STATUS, EVENTS, DLQ);

  /** Topics that hold one record per key and are compacted. */
  public static final List<String> COMPACTED = List.of(DESIRED, MESHES, STATUS);

  private Topics() {}
}
