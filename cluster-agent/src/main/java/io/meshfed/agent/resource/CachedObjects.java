package io.meshfed.agent.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Optional;

/**
 * What a cluster's watches hold of the objects meshfed owns there, read without an API call. A view
 * answers only for what its watches have listed completely and still follow; for anything else the
 * API server is read. A copy may be a moment old: a write based on it that the API server refuses
 * as conflicting is made again from a fresh read.
 */
public interface CachedObjects {

  /** No cache: every read goes to the API server. */
  CachedObjects NONE =
      new CachedObjects() {
        @Override
        public boolean holds(ObjectRef ref) {
          return false;
        }

        @Override
        public boolean holdsAll(ManagedKind kind) {
          return false;
        }

        @Override
        public Optional<GenericKubernetesResource> get(ObjectRef ref) {
          throw new IllegalStateException("no cached copy of " + ref);
        }

        @Override
        public List<ObjectRef> owned(ManagedKind kind) {
          throw new IllegalStateException("no cached list of " + kind.kind());
        }
      };

  /**
   * A foreign object as its watch last saw it: empty when no synced watch follows it (read the API
   * server), else the object or, when it does not exist, an empty inner optional.
   */
  default Optional<Optional<GenericKubernetesResource>> foreign(ForeignObject object) {
    return Optional.empty();
  }

  /** Whether {@link #get} can tell whether this object exists. */
  boolean holds(ObjectRef ref);

  /** Whether {@link #owned} can list the objects of this kind. */
  boolean holdsAll(ManagedKind kind);

  /** The object as last watched, or empty if it does not exist; only where {@link #holds}. */
  Optional<GenericKubernetesResource> get(ObjectRef ref);

  /**
   * The objects of a kind that meshfed created for the cluster (as {@link
   * ResourceApplier#listOwned}); only where {@link #holdsAll}.
   */
  List<ObjectRef> owned(ManagedKind kind);
}
