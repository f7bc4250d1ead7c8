package io.meshfed.agent.resource;

/**
 * An object another controller makes that the agent's decisions wait for, followed by a watch of
 * its own (by name): Istio's injector webhook and the reader account of the agent's chart.
 *
 * @param namespace null for a cluster-scoped kind
 */
public record ForeignObject(ObservedKind kind, String namespace, String name) {

  /** Istio's injector webhook of the {@code default} revision. */
  public static final ForeignObject INJECTOR_WEBHOOK =
      new ForeignObject(
          ObservedKind.MUTATING_WEBHOOK_CONFIGURATION, null, "istio-sidecar-injector");

  /** {@code istio-system/meshfed-reader}, from the agent's chart. */
  public static final ForeignObject READER_ACCOUNT =
      new ForeignObject(
          ObservedKind.SERVICE_ACCOUNT,
          "istio-system",
          io.meshfed.agent.security.ReaderTokenSecrets.READER_ACCOUNT);

  @Override
  public String toString() {
    return kind.kind() + " " + (namespace == null ? "" : namespace + "/") + name;
  }
}
