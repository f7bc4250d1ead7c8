package io.meshfed.agent.model;

/** Names, API versions and kinds of the objects a member cluster gets. */
public final class IstioNames {

  public static final String ISTIO_SYSTEM = "istio-system";
  public static final String ISTIO_CNI = "istio-cni";

  /** The name of the cluster-scoped Sail {@code Istio} and {@code IstioCNI}. */
  public static final String DEFAULT = "default";

  public static final String SAIL_API_VERSION = "sailoperator.io/v1";
  public static final String ISTIO_KIND = "Istio";
  public static final String ISTIO_CNI_KIND = "IstioCNI";

  public static final String NETWORKING_API_VERSION = "networking.istio.io/v1";
  public static final String GATEWAY_KIND = "Gateway";
  public static final String VIRTUAL_SERVICE_KIND = "VirtualService";

  public static final String EAST_WEST_GATEWAY = "istio-eastwestgateway";
  public static final String EAST_WEST_SERVICE_ACCOUNT = "istio-eastwestgateway-service-account";
  public static final String EAST_WEST_SDS_ROLE = "istio-eastwestgateway-sds";
  public static final String CROSS_NETWORK_GATEWAY = "cross-network-gateway";
  public static final String ISTIOD_GATEWAY = "istiod-gateway";
  public static final String ISTIOD_VIRTUAL_SERVICE = "istiod-vs";
  public static final String REMOTE_SECRET_PREFIX = "istio-remote-secret-";

  /** Istio's injector webhook configuration of the {@code default} revision. */
  public static final String INJECTOR_WEBHOOK = "istio-sidecar-injector";

  /** The east-west gateway port for cross-network traffic. */
  public static final int CROSS_NETWORK_PORT = 15443;

  private IstioNames() {}

  public static String remoteSecretName(String peer) {
    return REMOTE_SECRET_PREFIX + peer;
  }
}
