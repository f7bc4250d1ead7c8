package io.meshfed.agent.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.agent.model.MeshfedLabels;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one class that writes to a cluster's API server (one instance per served cluster). It creates
 * what is absent, updates what differs from the desired state (with optimistic locking, re-reading
 * on a conflict), leaves alone what is already right, and deletes only objects meshfed created.
 *
 * <p>Operations used: get, list with equality label selectors, create, update (PUT with the
 * resource version) and JSON patch; never server-side apply or strategic merge patch.
 *
 * <p>A namespace that existed before meshfed (no {@code app.kubernetes.io/managed-by=meshfed}) is
 * shared: only meshfed's own labels and annotations are added to, changed on or removed from it, by
 * JSON patch, and it is never deleted.
 */
public final class ResourceApplier {

  private static final Logger LOG = Logger.getLogger(ResourceApplier.class);

  private final KubernetesClient client;
  private final KubernetesSerialization serialization;
  private final AgentMetrics metrics;
  private final int conflictRetries;

  /**
   * Desired hashes whose objects the API server keeps changing after a write (e.g. a defaulting
   * webhook). meshfed accepts the result instead of writing again and again.
   */
  private final Map<ObjectRef, String> acceptedAsWritten = new ConcurrentHashMap<>();

  public ResourceApplier(KubernetesClient client, AgentMetrics metrics, AgentConfig config) {
    this.client = client;
    this.serialization = client.getKubernetesSerialization();
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
    return call(
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
              return applyOnce(ref, desiredTree, hash, resource(ref).get());
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
      ObjectNode toCreate = desiredTree.deepCopy();
      toCreate
          .withObjectProperty("metadata")
          .withObjectProperty("annotations")
          .put(MeshfedLabels.DESIRED_HASH, hash);
      GenericKubernetesResource created = bound(ref, generic(toCreate)).create();
      return written(ref, Operation.CREATED, created);
    }
    JsonNode liveTree = serialization.convertValue(live, JsonNode.class);
    if (ref.kind() == ManagedKind.NAMESPACE && !createdByMeshfed(live)) {
      return applySharedNamespace(ref, desiredTree, liveTree);
    }
    if (ObjectDiff.upToDate(desiredTree, liveTree, hash)
        || (hash.equals(acceptedAsWritten.get(ref))
            && hash.equals(annotation(liveTree, MeshfedLabels.DESIRED_HASH)))) {
      metrics.objectUnchanged();
      return new ApplyResult(ref, Operation.UNCHANGED, Optional.of(live));
    }
    ObjectNode merged = ObjectDiff.merged(liveTree, desiredTree, hash);
    GenericKubernetesResource updated = bound(ref, generic(merged)).update();
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

  /** Adds, changes or removes only meshfed's labels and annotations on a namespace it shares. */
  private ApplyResult applySharedNamespace(ObjectRef ref, JsonNode desired, JsonNode live) {
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    JsonNode desiredMeta = desired.path("metadata");
    JsonNode liveMeta = live.path("metadata");
    sharedKeyOps(
        ops,
        "labels",
        MeshfedLabels.SHARED_NAMESPACE_LABELS,
        desiredMeta.path("labels"),
        liveMeta.path("labels"));
    sharedKeyOps(
        ops,
        "annotations",
        MeshfedLabels.SHARED_NAMESPACE_ANNOTATIONS,
        desiredMeta.path("annotations"),
        liveMeta.path("annotations"));
    if (ops.isEmpty()) {
      metrics.objectUnchanged();
      return new ApplyResult(ref, Operation.UNCHANGED, Optional.of(generic(live)));
    }
    return written(ref, Operation.PATCHED, patch(ref, ops));
  }

  /**
   * Creates the object as it is, and never overwrites one: an object of that name that exists
   * already is an {@link ApplyException} with reason {@code AlreadyExists}. For objects whose
   * content must not be replaced once written, such as the agent's keys.
   */
  public ApplyResult create(HasMetadata desired) {
    ObjectRef ref = ObjectRef.of(desired);
    JsonNode desiredTree = serialization.convertValue(desired, JsonNode.class);
    return call(
        ref,
        () -> {
          ObjectNode toCreate = desiredTree.deepCopy();
          toCreate
              .withObjectProperty("metadata")
              .withObjectProperty("annotations")
              .put(MeshfedLabels.DESIRED_HASH, ObjectDiff.hash(desiredTree));
          return written(ref, Operation.CREATED, bound(ref, generic(toCreate)).create());
        });
  }

  /** The object as the API server holds it, if it exists. */
  public Optional<GenericKubernetesResource> get(ObjectRef ref) {
    return call(ref, () -> Optional.ofNullable(resource(ref).get()));
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
      var all = client.genericKubernetesResources(kind.context());
      return Optional.ofNullable(
          (kind.namespaced() ? all.inNamespace(namespace).withName(name) : all.withName(name))
              .get());
    } catch (KubernetesClientException e) {
      String reason = ApiErrors.reason(e);
      metrics.applyError(reason);
      throw new ApplyException(
          null,
          reason,
          kind.kind()
              + " "
              + (namespace == null ? "" : namespace + "/")
              + name
              + ": "
              + ApiErrors.message(e),
          e);
    }
  }

  /**
   * The objects of one kind in {@code istio-system} (or cluster-wide for cluster-scoped kinds) that
   * carry every one of the labels (equality selectors).
   */
  public List<GenericKubernetesResource> list(ManagedKind kind, Map<String, String> labels) {
    ObjectRef where = new ObjectRef(kind, kind.namespaced() ? IstioNames.ISTIO_SYSTEM : null, "*");
    return call(
        where,
        () -> {
          var selected = scoped(kind).withLabels(labels);
          return List.copyOf(selected.list().getItems());
        });
  }

  /** Removes meshfed's labels and annotations from a shared namespace it is leaving. */
  public ApplyResult releaseSharedNamespace(String name) {
    ObjectRef ref = new ObjectRef(ManagedKind.NAMESPACE, null, name);
    return call(
        ref,
        () -> {
          GenericKubernetesResource live = resource(ref).get();
          if (live == null || createdByMeshfed(live)) {
            return new ApplyResult(ref, Operation.UNCHANGED, Optional.ofNullable(live));
          }
          JsonNode liveMeta = serialization.convertValue(live, JsonNode.class).path("metadata");
          ArrayNode ops = JsonNodeFactory.instance.arrayNode();
          JsonNode none = JsonNodeFactory.instance.objectNode();
          sharedKeyOps(
              ops, "labels", MeshfedLabels.SHARED_NAMESPACE_LABELS, none, liveMeta.path("labels"));
          sharedKeyOps(
              ops,
              "annotations",
              MeshfedLabels.SHARED_NAMESPACE_ANNOTATIONS,
              none,
              liveMeta.path("annotations"));
          if (ops.isEmpty()) {
            return new ApplyResult(ref, Operation.UNCHANGED, Optional.of(live));
          }
          return written(ref, Operation.PATCHED, patch(ref, ops));
        });
  }

  private static void sharedKeyOps(
      ArrayNode ops,
      String field,
      java.util.Set<String> ownedKeys,
      JsonNode desired,
      JsonNode live) {
    String base = "/metadata/" + field;
    boolean liveMapExists = live.isObject();
    for (String key : new java.util.TreeSet<>(ownedKeys)) {
      JsonNode want = desired.path(key);
      JsonNode have = live.path(key);
      String path = base + "/" + escape(key);
      if (want.isTextual() && !want.equals(have)) {
        if (!liveMapExists) {
          ops.addObject()
              .put("op", "add")
              .put("path", base)
              .set("value", JsonNodeFactory.instance.objectNode());
          liveMapExists = true;
        }
        ops.addObject()
            .put("op", have.isMissingNode() ? "add" : "replace")
            .put("path", path)
            .set("value", want);
      } else if (!want.isTextual() && !have.isMissingNode()) {
        ops.addObject().put("op", "remove").put("path", path);
      }
    }
  }

  private GenericKubernetesResource patch(ObjectRef ref, ArrayNode ops) {
    return resource(ref).patch(PatchContext.of(PatchType.JSON), ops.toString());
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
    return call(
        ref,
        () -> {
          TokenRequest answer =
              client
                  .serviceAccounts()
                  .inNamespace(namespace)
                  .withName(account)
                  .tokenRequest(request);
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
    return call(
        ref,
        () -> {
          resource(ref).delete();
          metrics.objectWritten(Operation.DELETED);
          LOG.debugf("deleted %s", ref);
          return ApplyResult.deleted(ref);
        });
  }

  /**
   * The objects of one kind that meshfed created for this cluster: labelled {@code
   * app.kubernetes.io/managed-by=meshfed} and {@code meshfed.io/cluster=<cluster>}. Namespaced
   * kinds are looked for in {@code istio-system}, the only namespace meshfed writes into.
   */
  public List<ObjectRef> listOwned(ManagedKind kind, String cluster) {
    return listOwned(kind, cluster, CachedObjects.NONE);
  }

  /** The same, from the cache where it holds every object of the kind. */
  public List<ObjectRef> listOwned(ManagedKind kind, String cluster, CachedObjects cached) {
    if (cached.holdsAll(kind)) {
      return cached.owned(kind);
    }
    ObjectRef where = new ObjectRef(kind, kind.namespaced() ? IstioNames.ISTIO_SYSTEM : null, "*");
    return call(
        where,
        () -> {
          GenericKubernetesResourceList list =
              scoped(kind)
                  .withLabel(MeshfedLabels.MANAGED_BY, MeshfedLabels.MANAGED_BY_VALUE)
                  .withLabel(MeshfedLabels.CLUSTER, cluster)
                  .list();
          List<ObjectRef> refs = new ArrayList<>();
          for (GenericKubernetesResource item : list.getItems()) {
            refs.add(new ObjectRef(kind, where.namespace(), item.getMetadata().getName()));
          }
          return refs;
        });
  }

  /** Namespaces that carry this cluster's label but were not created by meshfed. */
  public List<String> sharedNamespaces(String cluster) {
    ObjectRef where = new ObjectRef(ManagedKind.NAMESPACE, null, "*");
    return call(
        where,
        () ->
            scoped(ManagedKind.NAMESPACE)
                .withLabel(MeshfedLabels.CLUSTER, cluster)
                .list()
                .getItems()
                .stream()
                .filter(ns -> !createdByMeshfed(ns))
                .map(ns -> ns.getMetadata().getName())
                .toList());
  }

  /** The mesh named by the labels of the objects meshfed created for this cluster, if any. */
  public Optional<String> meshOfOwnedObjects(String cluster) {
    for (ManagedKind kind :
        List.of(ManagedKind.NAMESPACE, ManagedKind.ISTIO, ManagedKind.ISTIO_CNI)) {
      ObjectRef where = new ObjectRef(kind, null, "*");
      Optional<String> mesh =
          call(
              where,
              () ->
                  scoped(kind).withLabel(MeshfedLabels.CLUSTER, cluster).list().getItems().stream()
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

  private <T> T call(ObjectRef ref, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      String reason = ApiErrors.reason(e);
      metrics.applyError(reason);
      throw new ApplyException(ref, reason, ref + ": " + ApiErrors.message(e), e);
    }
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      operation(ManagedKind kind) {
    return client.genericKubernetesResources(kind.context());
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      scoped(ManagedKind kind) {
    return kind.namespaced()
        ? operation(kind).inNamespace(IstioNames.ISTIO_SYSTEM)
        : operation(kind);
  }

  private Resource<GenericKubernetesResource> resource(ObjectRef ref) {
    return ref.kind().namespaced()
        ? operation(ref.kind()).inNamespace(ref.namespace()).withName(ref.name())
        : operation(ref.kind()).withName(ref.name());
  }

  private Resource<GenericKubernetesResource> bound(
      ObjectRef ref, GenericKubernetesResource object) {
    return ref.kind().namespaced()
        ? operation(ref.kind()).inNamespace(ref.namespace()).resource(object)
        : operation(ref.kind()).resource(object);
  }

  private GenericKubernetesResource generic(JsonNode tree) {
    return serialization.convertValue(tree, GenericKubernetesResource.class);
  }

  private static boolean createdByMeshfed(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null
        && MeshfedLabels.MANAGED_BY_VALUE.equals(labels.get(MeshfedLabels.MANAGED_BY));
  }

  private static String annotation(JsonNode tree, String key) {
    return tree.path("metadata").path("annotations").path(key).asText(null);
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
