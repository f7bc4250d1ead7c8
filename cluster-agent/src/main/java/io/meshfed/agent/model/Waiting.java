package io.meshfed.agent.model;

/**
 * Something the rendering could not produce yet because an input has not arrived, e.g. the mesh
 * record or a remote's discovery address.
 *
 * @param reason machine-readable, e.g. {@code WaitingForDiscoveryAddress}
 * @param message what the agent waits for, for people
 */
public record Waiting(String reason, String message) {

  public static final String MESH_RECORD = "WaitingForMeshRecord";
  public static final String MEMBER_PLAN = "WaitingForMemberPlan";
  public static final String DISCOVERY_ADDRESS = "WaitingForDiscoveryAddress";
  public static final String PEER_API_SERVER = "WaitingForPeerApiServer";
  public static final String INTERMEDIATE_CA = "WaitingForIntermediateCa";
  public static final String INJECTOR = "WaitingForInjector";
}
