package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the controllers of one simulated cluster see of it: informers (with the cluster's internal
 * credential) on the kinds the simulated Sail operator, istiod, kubelet and the reachability oracle
 * read, shared by all of them, as a real controller manager shares its informer factory. Reads are
 * from the caches; listeners hear of every change of a kind.
 */
public final class ClusterView implements AutoCloseable {

  /** The kinds the view follows. */
  public enum Kind {
    NAMESPACE,
    SERVICE,
    ENDPOINT_SLICE,
    DEPLOYMENT,
    WEBHOOK,
    SECRET,
    ISTIO,
    ISTIO_CNI,
    GATEWAY,
    VIRTUAL_SERVICE
  }

  private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final SharedIndexInformer<Namespace> namespaces;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<EndpointSlice> endpointSlices;
  private final SharedIndexInformer<Deployment> deployments;
  private final SharedIndexInformer<MutatingWebhookConfiguration> webhooks;
  private final SharedIndexInformer<Secret> secrets;
  private final SharedIndexInformer<GenericKubernetesResource> istios;
  private final SharedIndexInformer<GenericKubernetesResource> istioCnis;
  private final SharedIndexInformer<GenericKubernetesResource> gateways;
  private final SharedIndexInformer<GenericKubernetesResource> virtualServices;

  private record Listener(Kind kind, Consumer<String> onChange) {}

  ClusterView(KubernetesClient client) {
    namespaces = follow(Kind.NAMESPACE, client.namespaces().runnableInformer(0));
    services = follow(Kind.SERVICE, client.services().inAnyNamespace().runnableInformer(0));
    endpointSlices =
        follow(
            Kind.ENDPOINT_SLICE,
            client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0));
    deployments =
        follow(Kind.DEPLOYMENT, client.apps().deployments().inAnyNamespace().runnableInformer(0));
    webhooks =
        follow(
            Kind.WEBHOOK,
            client
                .admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .runnableInformer(0));
    secrets = follow(Kind.SECRET, client.secrets().inAnyNamespace().runnableInformer(0));
    istios =
        follow(Kind.ISTIO, client.genericKubernetesResources(MeshCrds.ISTIO).runnableInformer(0));
    istioCnis =
        follow(
            Kind.ISTIO_CNI,
            client.genericKubernetesResources(MeshCrds.ISTIO_CNI).runnableInformer(0));
    gateways =
        follow(
            Kind.GATEWAY,
            client
                .genericKubernetesResources(MeshCrds.GATEWAY)
                .inAnyNamespace()
                .runnableInformer(0));
    virtualServices =
        follow(
            Kind.VIRTUAL_SERVICE,
            client
                .genericKubernetesResources(MeshCrds.VIRTUAL_SERVICE)
                .inAnyNamespace()
                .runnableInformer(0));
  }

  private <T extends HasMetadata> SharedIndexInformer<T> follow(
      Kind kind, SharedIndexInformer<T> informer) {
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(T obj) {
            changed(kind, obj);
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            changed(kind, newObj);
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            changed(kind, obj);
          }
        });
    informers.add(informer);
    return informer;
  }

  private void changed(Kind kind, HasMetadata obj) {
    String key =
        obj.getMetadata().getNamespace() == null
            ? obj.getMetadata().getName()
            : obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
    for (Listener l : listeners) {
      if (l.kind() == kind) {
        l.onChange().accept(key);
      }
    }
  }

  /** Starts every informer and waits until each has listed its kind. */
  void start() {
    List<java.util.concurrent.CompletableFuture<?>> synced = new ArrayList<>();
    for (SharedIndexInformer<? extends HasMetadata> i : informers) {
      synced.add(i.start().toCompletableFuture());
    }
    try {
      java.util.concurrent.CompletableFuture.allOf(
              synced.toArray(java.util.concurrent.CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the informers of a simulated cluster did not sync", e);
    }
  }

  /** Calls {@code onChange} with the key ({@code ns/name} or {@code name}) of every change. */
  public void listen(Kind kind, Consumer<String> onChange) {
    listeners.add(new Listener(kind, onChange));
  }

  public Optional<Namespace> namespace(String name) {
    return Optional.ofNullable(namespaces.getStore().getByKey(name));
  }

  public List<Namespace> namespaces() {
    return namespaces.getStore().list();
  }

  public Optional<Service> service(String namespace, String name) {
    return Optional.ofNullable(services.getStore().getByKey(namespace + "/" + name));
  }

  public List<Service> services() {
    return services.getStore().list();
  }

  /** The EndpointSlices of a Service (label {@code kubernetes.io/service-name}). */
  public List<EndpointSlice> endpointSlices(String namespace, String service) {
    return endpointSlices.getStore().list().stream()
        .filter(s -> namespace.equals(s.getMetadata().getNamespace()))
        .filter(
            s ->
                s.getMetadata().getLabels() != null
                    && service.equals(
                        s.getMetadata().getLabels().get("kubernetes.io/service-name")))
        .toList();
  }

  public Optional<Deployment> deployment(String namespace, String name) {
    return Optional.ofNullable(deployments.getStore().getByKey(namespace + "/" + name));
  }

  public List<Deployment> deployments() {
    return deployments.getStore().list();
  }

  public List<MutatingWebhookConfiguration> webhooks() {
    return webhooks.getStore().list();
  }

  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(secrets.getStore().getByKey(namespace + "/" + name));
  }

  public List<Secret> secrets() {
    return secrets.getStore().list();
  }

  public Optional<GenericKubernetesResource> istio(String name) {
    return Optional.ofNullable(istios.getStore().getByKey(name));
  }

  public List<GenericKubernetesResource> istios() {
    return istios.getStore().list();
  }

  public Optional<GenericKubernetesResource> istioCni(String name) {
    return Optional.ofNullable(istioCnis.getStore().getByKey(name));
  }

  public List<GenericKubernetesResource> istioCnis() {
    return istioCnis.getStore().list();
  }

  public List<GenericKubernetesResource> gateways() {
    return gateways.getStore().list();
  }

  public List<GenericKubernetesResource> virtualServices() {
    return virtualServices.getStore().list();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
