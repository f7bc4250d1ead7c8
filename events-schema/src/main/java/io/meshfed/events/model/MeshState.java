package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Mesh-wide state on the compacted {@code meshfed.meshes.v1} (key: mesh id), one record per change,
 * in the first contract. Legacy: no longer written, replaced by {@link MeshRecord} on {@code
 * meshfed.meshes.v2} and {@link SharedCredential} on {@code meshfed.credentials.v1}; the hub reads
 * it once at start to carry a mesh's declared settings over when {@code meshfed.meshes.v2} has no
 * record of that mesh.
 *
 * @param revision increased by every change of this record
 * @param istioVersion the mesh's Istio version
 * @param meshNetworks {@code values.global.meshNetworks}, by network name
 * @param members the hub's plan for each member, by cluster name
 * @param cni the mesh's IstioCNI defaults, as declared (absent in records written before it was
 *     added)
 * @param gatewayPlacement the mesh's east-west gateway placement defaults, as declared (absent in
 *     records written before it was added)
 * @param pinSigningKeysAtFirstContact whether the mesh was declared to pin a member's signing key
 *     from its first status (absent: false); the hub keeps the setting here
 */
public record MeshState(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) long revision,
    String istioVersion,
    SortedMap<String, NetworkSpec> meshNetworks,
    SortedMap<String, MemberPlan> members,
    CniSettings cni,
    GatewayPlacement gatewayPlacement,
    Boolean pinSigningKeysAtFirstContact)
    implements MeshEvent {

  public MeshState {
    meshNetworks = sorted(meshNetworks);
    members = sorted(members);
  }

  /** A mesh record without declared defaults (the form before {@code cni} and placement). */
  public MeshState(
      String meshId,
      long revision,
      String istioVersion,
      SortedMap<String, NetworkSpec> meshNetworks,
      SortedMap<String, MemberPlan> members) {
    this(meshId, revision, istioVersion, meshNetworks, members, null, null, null);
  }

  /** A mesh record without security settings (the form before they were added). */
  public MeshState(
      String meshId,
      long revision,
      String istioVersion,
      SortedMap<String, NetworkSpec> meshNetworks,
      SortedMap<String, MemberPlan> members,
      CniSettings cni,
      GatewayPlacement gatewayPlacement) {
    this(meshId, revision, istioVersion, meshNetworks, members, cni, gatewayPlacement, null);
  }

  private static <V> SortedMap<String, V> sorted(Map<String, V> in) {
    return Collections.unmodifiableSortedMap(in == null ? new TreeMap<>() : new TreeMap<>(in));
  }

  /** Whether the mesh spans more than one network, so that traffic crosses east-west gateways. */
  @JsonIgnore
  public boolean multiNetwork() {
    return meshNetworks.size() > 1;
  }

  public Optional<MemberPlan> member(String cluster) {
    return Optional.ofNullable(members.get(cluster));
  }
}
