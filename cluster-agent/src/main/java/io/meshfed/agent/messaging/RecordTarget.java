package io.meshfed.agent.messaging;

import io.meshfed.agent.reconcile.DesiredStateStore;

/** A served cluster as the consumers see it: the state its records go to, and its wake-up. */
public interface RecordTarget {

  /** The cluster's name: the key of its desired records. */
  String cluster();

  /** The latest desired state of the cluster and of its mesh. */
  DesiredStateStore store();

  /** Asks for a reconcile of the cluster; returns at once. */
  void wake(String why);

  /**
   * A new revision of the cluster's mesh record changes nothing its reconcile reads: no reconcile,
   * but the revision the cluster reports applied may follow it. Returns at once.
   */
  void followMeshRevision(String why);
}
