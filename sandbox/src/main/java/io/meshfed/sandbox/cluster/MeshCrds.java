package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * The custom resource definitions a cluster with the Sail operator serves: {@code
 * sailoperator.io/v1} {@code Istio} and {@code IstioCNI} (cluster-scoped) and Istio's {@code
 * networking.istio.io/v1} {@code Gateway} and {@code VirtualService} (namespaced). Every one has a
 * status subresource; the schemas accept any fields, as the simulated clusters do not validate.
 */
public final class MeshCrds {

  public static final ResourceDefinitionContext ISTIO =
      context("sailoperator.io", "Istio", "istios", false);
  public static final ResourceDefinitionContext ISTIO_CNI =
      context("sailoperator.io", "IstioCNI", "istiocnis", false);
  public static final ResourceDefinitionContext GATEWAY =
      context("networking.istio.io", "Gateway", "gateways", true);
  public static final ResourceDefinitionContext VIRTUAL_SERVICE =
      context("networking.istio.io", "VirtualService", "virtualservices", true);

  private MeshCrds() {}

  /** Every definition, Sail operator first. */
  public static List<CustomResourceDefinition> all() {
    return List.of(
        crd(ISTIO, List.of(), List.of("istio-io")),
        crd(ISTIO_CNI, List.of(), List.of("istio-io")),
        crd(GATEWAY, List.of("gw"), List.of("istio-io", "networking-istio-io")),
        crd(VIRTUAL_SERVICE, List.of("vs"), List.of("istio-io", "networking-istio-io")));
  }

  private static ResourceDefinitionContext context(
      String group, String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  private static CustomResourceDefinition crd(
      ResourceDefinitionContext c, List<String> shortNames, List<String> categories) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(c.getPlural() + "." + c.getGroup())
        .endMetadata()
        .withNewSpec()
        .withGroup(c.getGroup())
        .withScope(c.isNamespaceScoped() ? "Namespaced" : "Cluster")
        .withNewNames()
        .withKind(c.getKind())
        .withListKind(c.getKind() + "List")
        .withPlural(c.getPlural())
        .withSingular(c.getKind().toLowerCase(java.util.Locale.ROOT))
        .withShortNames(shortNames)
        .withCategories(categories)
        .endNames()
        .addNewVersion()
        .withName(c.getVersion())
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withOpenAPIV3Schema(
            new JSONSchemaPropsBuilder()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .build())
        .endSchema()
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .endVersion()
        .endSpec()
        .build();
  }
}
