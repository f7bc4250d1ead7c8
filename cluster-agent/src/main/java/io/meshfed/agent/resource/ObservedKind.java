package io.meshfed.agent.resource;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Kinds the agent reads but never writes: what other controllers made that the agent's decisions
 * depend on. The plural and scope are stated here so that no API discovery is needed.
 */
public enum ObservedKind {
  /** Istio's injector webhook, whose {@code caBundle} tells whether pods can be injected. */
  MUTATING_WEBHOOK_CONFIGURATION(
      "admissionregistration.k8s.io",
      "v1",
      "MutatingWebhookConfiguration",
      "mutatingwebhookconfigurations",
      false),
  /** The reader account Istio's base chart makes, whose tokens peers get. */
  SERVICE_ACCOUNT("", "v1", "ServiceAccount", "serviceaccounts", true),
  /** kubeadm's {@code kube-public/cluster-info}, with the API server's external address. */
  CONFIG_MAP("", "v1", "ConfigMap", "configmaps", true);

  private final String group;
  private final String version;
  private final String kind;
  private final String plural;
  private final boolean namespaced;

  ObservedKind(String group, String version, String kind, String plural, boolean namespaced) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.plural = plural;
    this.namespaced = namespaced;
  }

  public String kind() {
    return kind;
  }

  public boolean namespaced() {
    return namespaced;
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}
