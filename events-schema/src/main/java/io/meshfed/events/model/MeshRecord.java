package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Mesh-wide data on the compacted {@code meshfed.meshes.v2} (key: mesh id), one record per change:
 * the mesh's declared settings, {@code meshNetworks} and, for each primary, what every member needs
 * of it. Its size grows with the mesh's networks and primaries, never with its pairs: what one
 * member needs of another travels in that other member's record on {@code meshfed.credentials.v1}
 * (a primary holds the remote secret of every sender of its mesh). A gateway address that changes
 * costs this one record.
 *
 * @param revision increased by every change of this record
 * @param istioVersion the mesh's Istio version
 * @param meshNetworks {@code values.global.meshNetworks}, by network name
 * @param primaries the mesh's primaries, by cluster name
 * @param cni the mesh's IstioCNI defaults, as declared
 * @param gatewayPlacement the mesh's east-west gateway placement defaults, as declared
 * @param pinSigningKeysAtFirstContact whether the mesh was declared to pin a member's signing key
 *     from its first status (absent: false)
 */
public record MeshRecord(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) long revision,
    String istioVersion,
    SortedMap<String, NetworkSpec> meshNetworks,
    SortedMap<String, MeshPrimary> primaries,
    CniSettings cni,
    GatewayPlacement gatewayPlacement,
    Boolean pinSigningKeysAtFirstContact)
    implements MeshEvent {

  public MeshRecord {
    meshNetworks = sorted(meshNetworks);
    primaries = sorted(primaries);
  }

  private static <V> SortedMap<String, V> sorted(Map<String, V> in) {
    return Collections.unmodifiableSortedMap(in == null ? new TreeMap<>() : new TreeMap<>(in));
  }

  /** Whether the mesh spans more than one network, so that traffic crosses east-west gateways. */
  @JsonIgnore
  public boolean multiNetwork() {
    return meshNetworks.size() > 1;
  }

  public Optional<MeshPrimary> primary(String cluster) {
    return Optional.ofNullable(primaries.get(cluster));
  }
}
