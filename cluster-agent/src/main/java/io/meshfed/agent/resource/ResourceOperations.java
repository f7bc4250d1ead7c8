package io.meshfed.agent.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.model.IstioNames;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The generic operations on one cluster's API server, on any kind meshfed touches, knowing nothing
 * of meshfed's ownership or patch policy (which {@link ResourceApplier} adds): get, list with
 * equality label selectors, create, update (PUT with the resource version), JSON patch, delete and
 * the TokenRequest subresource. The operations throw the client's exceptions; {@link #call} turns
 * them into an {@link ApplyException} with the API server's reason and counts it.
 */
final class ResourceOperations {

  private final KubernetesClient client;
  private final KubernetesSerialization serialization;
  private final AgentMetrics metrics;

  ResourceOperations(KubernetesClient client, AgentMetrics metrics) {
    this.client = client;
    this.serialization = client.getKubernetesSerialization();
    this.metrics = metrics;
  }

  KubernetesSerialization serialization() {
    return serialization;
  }

  /** Runs API calls on {@code ref}, turning a client error into an {@link ApplyException}. */
  <T> T call(ObjectRef ref, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw failed(ref, ref.toString(), e);
    }
  }

  /** The same for an object named in words ({@code described}) rather than by a reference. */
  ApplyException failed(ObjectRef ref, String described, KubernetesClientException e) {
    String reason = ApiErrors.reason(e);
    metrics.applyError(reason);
    return new ApplyException(ref, reason, described + ": " + ApiErrors.message(e), e);
  }

  /** The object, or null when it does not exist. */
  GenericKubernetesResource get(ObjectRef ref) {
    return resource(ref).get();
  }

  /** An object of a kind another controller makes, or null. */
  GenericKubernetesResource get(ObservedKind kind, String namespace, String name) {
    var all = client.genericKubernetesResources(kind.context());
    return (kind.namespaced() ? all.inNamespace(namespace).withName(name) : all.withName(name))
        .get();
  }

  GenericKubernetesResource create(ObjectRef ref, JsonNode object) {
    return bound(ref, generic(object)).create();
  }

  /** PUT: fails with 409 when the object changed since the resource version it carries. */
  GenericKubernetesResource update(ObjectRef ref, JsonNode object) {
    return bound(ref, generic(object)).update();
  }

  GenericKubernetesResource patch(ObjectRef ref, ArrayNode jsonPatch) {
    return resource(ref).patch(PatchContext.of(PatchType.JSON), jsonPatch.toString());
  }

  /** Deletes the object; a missing one counts as deleted. */
  void delete(ObjectRef ref) {
    resource(ref).delete();
  }

  /**
   * The objects of a kind in {@code istio-system} (cluster-wide for cluster-scoped kinds) with
   * every one of the labels.
   */
  List<GenericKubernetesResource> list(ManagedKind kind, Map<String, String> labels) {
    return List.copyOf(scoped(kind).withLabels(labels).list().getItems());
  }

  TokenRequest requestToken(String namespace, String account, TokenRequest request) {
    return client.serviceAccounts().inNamespace(namespace).withName(account).tokenRequest(request);
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      operation(ManagedKind kind) {
    return client.genericKubernetesResources(kind.context());
  }

  private NonNamespaceOperation<
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
}
