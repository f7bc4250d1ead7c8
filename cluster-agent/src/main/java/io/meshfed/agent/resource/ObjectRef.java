package io.meshfed.agent.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** One object of a managed kind: its kind, namespace (null if cluster-scoped) and name. */
public record ObjectRef(ManagedKind kind, String namespace, String name) {

  public static ObjectRef of(HasMetadata object) {
    ManagedKind kind = ManagedKind.of(object);
    return new ObjectRef(
        kind,
        kind.namespaced() ? object.getMetadata().getNamespace() : null,
        object.getMetadata().getName());
  }

  @Override
  public String toString() {
    return kind.kind() + " " + (namespace == null ? "" : namespace + "/") + name;
  }
}
