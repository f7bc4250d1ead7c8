package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** The mesh's assembled meshNetworks changed; the new value at the given mesh revision. */
public record MeshNetworksChanged(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) long revision,
    SortedMap<String, NetworkSpec> meshNetworks)
    implements DomainEvent {
  public MeshNetworksChanged {
    meshNetworks =
        Collections.unmodifiableSortedMap(
            meshNetworks == null ? new TreeMap<>() : new TreeMap<>(meshNetworks));
  }
}
