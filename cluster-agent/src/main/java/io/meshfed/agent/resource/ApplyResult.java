package io.meshfed.agent.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Optional;

/**
 * The result of applying or deleting one object.
 *
 * @param live the object as the API server holds it afterwards; empty after a deletion
 */
public record ApplyResult(
    ObjectRef ref, Operation operation, Optional<GenericKubernetesResource> live) {

  public static ApplyResult deleted(ObjectRef ref) {
    return new ApplyResult(ref, Operation.DELETED, Optional.empty());
  }
}
