package io.meshfed.agent.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.agent.model.MeshfedLabels;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The one class that writes to a cluster's API server (one instance per served cluster), with
 * meshfed's policy on top of the generic {@link ResourceOperations}: it creates what is absent,
 * updates what differs from the desired state (with optimistic locking, re-reading on a conflict),
 * leaves alone what is already right, and deletes only objects meshfed created ({@link
 * MeshfedOwnership}).
 *
 * <p>Operations used: get, list with equality label selectors, create, update (PUT with the
 * resource version) and JSON patch; never server-side apply or strategic merge patch.
 *
 * <p>A namespace that existed before meshfed is shared: only meshfed's own labels and annotations
 * are added to, changed on or removed from it ({@link SharedNamespacePatch}), and it is never
 * deleted.
 */
public final class ResourceApplier {

  private static final Logger LOG = Logger.getLogger(ResourceApplier.class);

  private final ResourceOperations operations;
  private final KubernetesSerialization serialization;
  private final AgentMetrics metrics;
  private final int conflictRetries;

  /**
   * Desired hashes whose objects the API server keeps changing after a write (e.g. a defaulting
   * webhook). meshfed accepts the result instead of writing again and again.
   */
  private final Map<ObjectRef, String> acceptedAsWritten = new ConcurrentHashMap<>();

  public ResourceApplier(KubernetesClient client, AgentMetrics metrics, AgentConfig config) {
    this.operations = new ResourceOperations(client, metrics);
    this.serialization = operations.serialization();
    this.metrics = metrics;
    this.conflictRetries = config.retry().conflictRetries();
  }

  /** Creates the object, updates it where it differs, or leaves it as it is. */
  public ApplyResult apply(HasMetadata desired) {
    return apply(desired, CachedObjects.NONE);
  }

  /**
   * Creates the object, updates it where it differs, or leaves it as it is, judging from the cached
   * copy where the cache holds one (no read then); if the API server refuses the write as
   * conflicting, the object is read from the API server and the write made again.
   */
  public ApplyResult apply(HasMetadata desired, CachedObjects cached) {
    ObjectRef ref = ObjectRef.of(desired);
    JsonNode desiredTree = serialization.convertValue(desired, JsonNode.class);
    String hash = ObjectDiff.hash(desiredTree);
    return operations.call(
        ref,
        () -> {
          if (cached.holds(ref)) {
            try {
              return applyOnce(ref, desiredTree, hash, cached.get(ref).orElse(null));
            } catch (KubernetesClientException e) {
              if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
              }
              LOG.debugf("the watched copy of %s was out of date, reading it", ref);
            }
          }
          for (int attempt = 0; ; attempt++) {
            try {
              return applyOnce(ref, desiredTree, hash, operations.get(ref));
            } catch (KubernetesClientException e) {
              if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= conflictRetries) {
                throw e;
              }
              LOG.debugf("conflict on %s, reading it again (attempt %d)", ref, attempt + 1);
            }
          }
        });
  }

  private ApplyResult applyOnce(
      ObjectRef ref, JsonNode desiredTree, String hash, GenericKubernetesResource live) {
    if (live == null) {
      return written(ref, Operation.CREATED, operations.create(ref, withHash(desiredTree, hash)));
    }
    JsonNode liveTree = serialization.convertValue(live, JsonNode.class);
    if (ref.kind() == ManagedKind.NAMESPACE && !MeshfedOwnership.isManaged(live)) {
      ArrayNode ops =
          SharedNamespacePatch.ops(desiredTree.path("metadata"), liveTree.path("metadata"));
      return ops.isEmpty()
          ? unchanged(ref, live)
          : written(ref, Operation.PATCHED, operations.patch(ref, ops));
    }
    if (ObjectDiff.upToDate(desiredTree, liveTree, hash)
        || (hash.equals(acceptedAsWritten.get(ref))
            && hash.equals(annotation(liveTree, MeshfedLabels.DESIRED_HASH)))) {
      return unchanged(ref, live);
    }
    GenericKubernetesResource updated =
        operations.update(ref, ObjectDiff.merged(liveTree, desiredTree, hash));
    JsonNode updatedTree = serialization.convertValue(updated, JsonNode.class);
    if (ObjectDiff.holdsOwnedValues(desiredTree, updatedTree)) {
      acceptedAsWritten.remove(ref);
    } else {
      LOG.warnf(
          "mesh=%s cluster=%s: the API server changed fields meshfed set on %s; meshfed keeps the"
              + " result until the desired state changes",
          desiredTree.path("metadata").path("labels").path(MeshfedLabels.MESH).asText("?"),
          desiredTree.path("metadata").path("labels").path(MeshfedLabels.CLUSTER).asText("?"),
          ref);
      acceptedAsWritten.put(ref, hash);
    }
    return written(ref, Operation.PATCHED, updated);
  }

  /**
   * Creates the object as it is, and never overwrites one: an object of that name that exists
   * already is an {@link ApplyException} with reason {@code AlreadyExists}. For objects whose
   * content must not be replaced once written, such as the agent's keys.
   */
  public ApplyResult create(HasMetadata desired) {
    ObjectRef ref = ObjectRef.of(desired);
    JsonNode desiredTree = serialization.convertValue(desired, JsonNode.class);
    return operations.call(
        ref,
        () ->
            written(
                ref,
                Operation.CREATED,
                operations.create(ref, withHash(desiredTree, ObjectDiff.hash(desiredTree)))));
  }

  /** The object as the API server holds it, if it exists. */
  public Optional<GenericKubernetesResource> get(ObjectRef ref) {
    return operations.call(ref, () -> Optional.ofNullable(operations.get(ref)));
  }

  /**
   * An object another controller made: its watched copy where its watch holds it, else as the API
   * server holds it; empty if it does not exist.
   */
  public Optional<GenericKubernetesResource> read(ForeignObject object, CachedObjects cached) {
    return cached
        .foreign(object)
        .orElseGet(() -> read(object.kind(), object.namespace(), object.name()));
  }

  /**
   * An object another controller made, as the API server holds it, if it exists.
   *
   * @param namespace its namespace, or null for a cluster-scoped kind
   */
  public Optional<GenericKubernetesResource> read(
      ObservedKind kind, String namespace, String name) {
    try {
      return Optional.ofNullable(operations.get(kind, namespace, name));
    } catch (KubernetesClientException e) {
      throw operations.failed(
          null, kind.kind() + " " + (namespace == null ? "" : namespace + "/") + name, e);
    }
  }

  /**
   * The objects of one kind in {@code istio-system} (or cluster-wide for cluster-scoped kinds) that
   * carry every one of the labels (equality selectors).
   */
  public List<GenericKubernetesResource> list(ManagedKind kind, Map<String, String> labels) {
    return operations.call(everywhere(kind), () -> operations.list(kind, labels));
  }

  /** Removes meshfed's labels and annotations from a shared namespace it is leaving. */
  public ApplyResult releaseSharedNamespace(String name) {
    ObjectRef ref = new ObjectRef(ManagedKind.NAMESPACE, null, name);
    return operations.call(
        ref,
        () -> {
          GenericKubernetesResource live = operations.get(ref);
          if (live == null || MeshfedOwnership.isManaged(live)) {
            return new ApplyResult(ref, Operation.UNCHANGED, Optional.ofNullable(live));
          }
          JsonNode liveMeta = serialization.convertValue(live, JsonNode.class).path("metadata");
          ArrayNode ops = SharedNamespacePatch.ops(JsonNodeFactory.instance.objectNode(), liveMeta);
          if (ops.isEmpty()) {
            return new ApplyResult(ref, Operation.UNCHANGED, Optional.of(live));
          }
          return written(ref, Operation.PATCHED, operations.patch(ref, ops));
        });
  }

  /**
   * A token of a service account from the TokenRequest API ({@code POST
   * /api/v1/namespaces/<namespace>/serviceaccounts/<account>/token}) for the API server's own
   * audience, bound to a Secret: the API server refuses the token once that Secret is gone, and
   * after its expiry in any case. The API server may shorten the lifetime asked for (its {@code
   * --service-account-max-token-expiration}); the answer says until when the token is valid.
   */
  public IssuedToken requestToken(
      String namespace,
      String account,
      String boundSecret,
      String boundSecretUid,
      Duration lifetime) {
    ObjectRef ref = new ObjectRef(ManagedKind.SERVICE_ACCOUNT, namespace, account);
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(lifetime.toSeconds())
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Secret")
            .withName(boundSecret)
            .withUid(boundSecretUid)
            .endBoundObjectRef()
            .endSpec()
            .build();
    return operations.call(
        ref,
        () -> {
          TokenRequest answer = operations.requestToken(namespace, account, request);
          if (answer == null
              || answer.getStatus() == null
              || answer.getStatus().getToken() == null
              || answer.getStatus().getToken().isBlank()) {
            throw new ApplyException(
                ref, "TokenMissing", ref + ": the TokenRequest answer holds no token", null);
          }
          metrics.objectWritten(Operation.CREATED);
          return new IssuedToken(
              answer.getStatus().getToken(),
              Instant.parse(answer.getStatus().getExpirationTimestamp()));
        });
  }

  /** Deletes one object; a missing object counts as deleted. */
  public ApplyResult delete(ObjectRef ref) {
    return operations.call(
        ref,
        () -> {
          operations.delete(ref);
          metrics.objectWritten(Operation.DELETED);
          LOG.debugf("deleted %s", ref);
          return ApplyResult.deleted(ref);
        });
  }

  /**
   * The objects of one kind that meshfed created for this cluster ({@link
   * MeshfedOwnership#ownedBy}). Namespaced kinds are looked for in {@code istio-system}, the only
   * namespace meshfed writes into.
   */
  public List<ObjectRef> listOwned(ManagedKind kind, String cluster) {
    return listOwned(kind, cluster, CachedObjects.NONE);
  }

  /** The same, from the cache where it holds every object of the kind. */
  public List<ObjectRef> listOwned(ManagedKind kind, String cluster, CachedObjects cached) {
    if (cached.holdsAll(kind)) {
      return cached.owned(kind);
    }
    ObjectRef where = everywhere(kind);
    return operations.call(
        where,
        () ->
            operations.list(kind, MeshfedOwnership.ownedBy(cluster)).stream()
                .map(item -> new ObjectRef(kind, where.namespace(), item.getMetadata().getName()))
                .toList());
  }

  /** Namespaces that carry this cluster's label but were not created by meshfed. */
  public List<String> sharedNamespaces(String cluster) {
    return operations.call(
        everywhere(ManagedKind.NAMESPACE),
        () ->
            operations.list(ManagedKind.NAMESPACE, Map.of(MeshfedLabels.CLUSTER, cluster)).stream()
                .filter(ns -> !MeshfedOwnership.isManaged(ns))
                .map(ns -> ns.getMetadata().getName())
                .toList());
  }

  /** The mesh named by the labels of the objects meshfed created for this cluster, if any. */
  public Optional<String> meshOfOwnedObjects(String cluster) {
    for (ManagedKind kind :
        List.of(ManagedKind.NAMESPACE, ManagedKind.ISTIO, ManagedKind.ISTIO_CNI)) {
      Optional<String> mesh =
          operations.call(
              new ObjectRef(kind, null, "*"),
              () ->
                  operations.list(kind, Map.of(MeshfedLabels.CLUSTER, cluster)).stream()
                      .map(o -> o.getMetadata().getLabels().get(MeshfedLabels.MESH))
                      .filter(m -> m != null && !m.isBlank())
                      .findFirst());
      if (mesh.isPresent()) {
        return mesh;
      }
    }
    return Optional.empty();
  }

  private ApplyResult written(ObjectRef ref, Operation operation, GenericKubernetesResource live) {
    metrics.objectWritten(operation);
    LOG.debugf("%s %s", operation.tag(), ref);
    return new ApplyResult(ref, operation, Optional.ofNullable(live));
  }

  private ApplyResult unchanged(ObjectRef ref, GenericKubernetesResource live) {
    metrics.objectUnchanged();
    return new ApplyResult(ref, Operation.UNCHANGED, Optional.of(live));
  }

  /** The desired object with the hash of what meshfed wants in its annotation. */
  private static ObjectNode withHash(JsonNode desiredTree, String hash) {
    ObjectNode object = desiredTree.deepCopy();
    object
        .withObjectProperty("metadata")
        .withObjectProperty("annotations")
        .put(MeshfedLabels.DESIRED_HASH, hash);
    return object;
  }

  private static ObjectRef everywhere(ManagedKind kind) {
    return new ObjectRef(kind, kind.namespaced() ? IstioNames.ISTIO_SYSTEM : null, "*");
  }

  private static String annotation(JsonNode tree, String key) {
    return tree.path("metadata").path("annotations").path(key).asText(null);
  }
}
