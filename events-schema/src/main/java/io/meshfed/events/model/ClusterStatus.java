package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an agent reports of its cluster, on the compacted {@code meshfed.status.v1} (key: cluster
 * name). Sent on every change and as a heartbeat.
 *
 * @param observedGeneration the desired generation the agent applied
 * @param observedMeshRevision the mesh record revision the agent applied
 * @param eastWestAddresses the east-west gateway's LoadBalancer addresses
 * @param localities node localities seen in the cluster
 * @param apiServerUrl the API server URL of the cluster as the agent knows it
 */
public record ClusterStatus(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String clusterName,
    @JsonProperty(required = true) Phase phase,
    List<Condition> conditions,
    long observedGeneration,
    long observedMeshRevision,
    List<GatewayAddress> eastWestAddresses,
    String agentVersion,
    List<Locality> localities,
    String apiServerUrl,
    @JsonProperty(required = true) Instant reportedAt)
    implements MeshEvent {

  public ClusterStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    eastWestAddresses = eastWestAddresses == null ? List.of() : List.copyOf(eastWestAddresses);
    localities = localities == null ? List.of() : List.copyOf(localities);
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
