package io.meshfed.events;

import io.meshfed.events.model.ClusterDegraded;
import io.meshfed.events.model.ClusterJoined;
import io.meshfed.events.model.ClusterLeft;
import io.meshfed.events.model.ClusterReady;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.ClusterUnreachable;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshNetworksChanged;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.model.RequestRejected;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.model.UpdateCluster;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every event of the contract: its CloudEvents {@code type}, its record, the topic it travels on
 * and the JSON Schema that describes its body. This is the one place where these names are written.
 */
public enum EventType {
  DECLARE_MESH("io.meshfed.request.mesh.declare.v1", DeclareMesh.class, Topics.REQUESTS),
  JOIN_CLUSTER("io.meshfed.request.cluster.join.v1", JoinCluster.class, Topics.REQUESTS),
  UPDATE_CLUSTER("io.meshfed.request.cluster.update.v1", UpdateCluster.class, Topics.REQUESTS),
  LEAVE_CLUSTER("io.meshfed.request.cluster.leave.v1", LeaveCluster.class, Topics.REQUESTS),
  DESIRED_MEMBERSHIP("io.meshfed.membership.desired.v1", DesiredMembership.class, Topics.DESIRED),
  MESH_STATE("io.meshfed.mesh.state.v1", MeshState.class, Topics.MESHES_V1),
  MESH_RECORD("io.meshfed.mesh.record.v2", MeshRecord.class, Topics.MESHES),
  SHARED_CREDENTIAL("io.meshfed.credential.shared.v1", SharedCredential.class, Topics.CREDENTIALS),
  CLUSTER_STATUS("io.meshfed.cluster.status.v1", ClusterStatus.class, Topics.STATUS),
  REQUEST_ACCEPTED("io.meshfed.event.request.accepted.v1", RequestAccepted.class, Topics.EVENTS),
  REQUEST_REJECTED("io.meshfed.event.request.rejected.v1", RequestRejected.class, Topics.EVENTS),
  CLUSTER_JOINED("io.meshfed.event.cluster.joined.v1", ClusterJoined.class, Topics.EVENTS),
  CLUSTER_READY("io.meshfed.event.cluster.ready.v1", ClusterReady.class, Topics.EVENTS),
  CLUSTER_DEGRADED("io.meshfed.event.cluster.degraded.v1", ClusterDegraded.class, Topics.EVENTS),
  CLUSTER_UNREACHABLE(
      "io.meshfed.event.cluster.unreachable.v1", ClusterUnreachable.class, Topics.EVENTS),
  CLUSTER_LEFT("io.meshfed.event.cluster.left.v1", ClusterLeft.class, Topics.EVENTS),
  MESH_NETWORKS_CHANGED(
      "io.meshfed.event.mesh.networks-changed.v1", MeshNetworksChanged.class, Topics.EVENTS);

  private final String ceType;
  private final Class<? extends MeshEvent> recordClass;
  private final String topic;

  EventType(String ceType, Class<? extends MeshEvent> recordClass, String topic) {
    this.ceType = ceType;
    this.recordClass = recordClass;
    this.topic = topic;
  }

  /** The CloudEvents {@code type} attribute, sent as the {@code ce_type} header. */
  public String ceType() {
    return ceType;
  }

  public Class<? extends MeshEvent> recordClass() {
    return recordClass;
  }

  public String topic() {
    return topic;
  }

  /** The short name used for the schema file and the AsyncAPI message, e.g. {@code JoinCluster}. */
  public String messageName() {
    return recordClass.getSimpleName();
  }

  /** Classpath location of the JSON Schema of this event's body. */
  public String schemaResource() {
    return "/schemas/" + messageName() + ".schema.json";
  }

  public static Optional<EventType> ofCeType(String ceType) {
    return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
  }

  public static EventType of(MeshEvent event) {
    return Arrays.stream(values())
        .filter(t -> t.recordClass.equals(event.getClass()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not an event: " + event.getClass()));
  }
}
