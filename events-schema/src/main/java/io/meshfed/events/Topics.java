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
   * Mesh-wide data (settings, meshNetworks, the primaries), written by the hub. Key: mesh id.
   * Compacted.
   */
  public static final String MESHES = "meshfed.meshes.v2";

  /**
   * The mesh-wide state of the first contract (with every member's plan and its sealed
   * credentials), no longer written: the hub reads it once to carry declared settings over.
   */
  public static final String MESHES_V1 = "meshfed.meshes.v1";

  /**
   * Each member's credential sealed for the primaries that hold its remote secret, routed by the
   * hub. Key: the sending cluster. Compacted.
   */
  public static final String CREDENTIALS = "meshfed.credentials.v1";

  /** Cluster status reported by each agent. Key: cluster name. Compacted. */
  public static final String STATUS = "meshfed.status.v1";

  /** Domain events for platform teams and audit. Key: mesh id. Delete. */
  public static final String EVENTS = "meshfed.events.v1";

  /** Records that a consumer could not process, with the reason. Key: as received. Delete. */
  public static final String DLQ = "meshfed.dlq.v1";

  /** Every topic, in the order of the table in the design. */
  public static final List<String> ALL =
      List.of(REQUESTS, DESIRED, MESHES, CREDENTIALS, STATUS, EVENTS, DLQ, MESHES_V1);

  /** Topics that hold one record per key and are compacted. */
  public static final List<String> COMPACTED =
      List.of(DESIRED, MESHES, CREDENTIALS, STATUS, MESHES_V1);

  private Topics() {}
}
