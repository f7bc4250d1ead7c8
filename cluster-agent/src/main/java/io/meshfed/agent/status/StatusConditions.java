package io.meshfed.agent.status;

import io.meshfed.agent.security.CredentialSharing;
import io.meshfed.agent.security.TrustChain;

/** The condition types and reasons the agent reports. */
public final class StatusConditions {

  public static final String DESIRED_STATE_VALID = "DesiredStateValid";
  public static final String MESH_PLAN_RECEIVED = "MeshPlanReceived";
  public static final String RESOURCES_APPLIED = "ResourcesApplied";
  public static final String ISTIO_CNI_READY = "IstioCNIReady";
  public static final String ISTIO_READY = "IstioReady";
  public static final String EAST_WEST_GATEWAY_READY = "EastWestGatewayReady";
  public static final String REMOTE_CREDENTIALS = "RemoteCredentials";
  public static final String RESOURCES_REMOVED = "ResourcesRemoved";
  public static final String READY = "Ready";

  public static final String TRUST_CHAIN = TrustChain.CONDITION;
  public static final String CREDENTIALS_SHARED = CredentialSharing.CONDITION;

  public static final String WAITING_FOR_CREDENTIAL = "WaitingForCredential";
  public static final String WAITING_FOR_LOAD_BALANCER = "WaitingForLoadBalancer";
  public static final String WAITING_FOR_INJECTOR = "WaitingForInjector";
  public static final String WAITING_FOR_GATEWAY_PODS = "WaitingForGatewayPods";
  public static final String NOT_REPORTED = "NotReported";

  private StatusConditions() {}
}
