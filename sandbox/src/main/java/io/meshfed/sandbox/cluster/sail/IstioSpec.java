package io.meshfed.sandbox.cluster.sail;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a Sail {@code Istio} (or {@code IstioCNI}) spec that decide what the operator
 * installs and how istiod behaves, read from the stored object. Pure.
 *
 * @param name the resource's name (Sail's revision name for the in-place strategy)
 * @param generation the resource's generation
 * @param spec the whole {@code spec}
 */
public record IstioSpec(String name, long generation, Map<String, Object> spec) {

  /** A gateway of a network in {@code meshNetworks}: an address and a port. */
  public record NetworkGateway(String address, int port) {}

  public static IstioSpec of(GenericKubernetesResource resource) {
    Object spec = resource.getAdditionalProperties().get("spec");
    Long generation = resource.getMetadata().getGeneration();
    return new IstioSpec(
        resource.getMetadata().getName(),
        generation == null ? 1L : generation,
        spec instanceof Map<?, ?> m ? cast(m) : Map.of());
  }

  public String version() {
    return text(spec, "version").orElse("");
  }

  /** {@code spec.namespace}, {@code istio-system} by default (the CRD's default). */
  public String namespace() {
    return text(spec, "namespace").orElse("istio-system");
  }

  public boolean remote() {
    return "remote".equals(text(spec, "profile").orElse(""));
  }

  public Map<String, Object> values() {
    return map(spec, "values");
  }

  public Optional<String> meshId() {
    return text(global(), "meshID");
  }

  public Optional<String> network() {
    return text(global(), "network");
  }

  public Optional<String> clusterName() {
    return text(map(global(), "multiCluster"), "clusterName");
  }

  /**
   * istiod's {@code EXTERNAL_ISTIOD}: the chart sets it from {@code values.global.externalIstiod}
   * ({@code istiod} chart, {@code deployment.yaml}), or it is set directly in {@code
   * values.pilot.env}.
   */
  public boolean externalIstiod() {
    return Boolean.TRUE.equals(global().get("externalIstiod"))
        || "true".equalsIgnoreCase(text(env(), "EXTERNAL_ISTIOD").orElse(""));
  }

  /** {@code values.pilot.env.ISTIOD_CUSTOM_HOST}: further names on istiod's serving certificate. */
  public List<String> customHosts() {
    return text(env(), "ISTIOD_CUSTOM_HOST").map(h -> List.of(h.split(","))).orElse(List.of());
  }

  public boolean cniEnabled() {
    return Boolean.TRUE.equals(map(map(values(), "pilot"), "cni").get("enabled"));
  }

  public Optional<String> remotePilotAddress() {
    return text(global(), "remotePilotAddress");
  }

  public Optional<String> injectionPath() {
    return text(map(values(), "istiodRemote"), "injectionPath");
  }

  public Optional<String> injectionUrl() {
    return text(map(values(), "istiodRemote"), "injectionURL");
  }

  public Optional<String> injectionCaBundle() {
    return text(map(values(), "istiodRemote"), "injectionCABundle");
  }

  /** {@code values.global.meshNetworks}: the gateways of each network. */
  public Map<String, List<NetworkGateway>> meshNetworkGateways() {
    Map<String, List<NetworkGateway>> out = new LinkedHashMap<>();
    map(global(), "meshNetworks")
        .forEach(
            (network, spec) -> {
              List<NetworkGateway> gateways = new ArrayList<>();
              if (spec instanceof Map<?, ?> m && m.get("gateways") instanceof List<?> list) {
                for (Object g : list) {
                  if (g instanceof Map<?, ?> gw && gw.get("address") != null) {
                    int port = gw.get("port") instanceof Number n ? n.intValue() : 15443;
                    gateways.add(new NetworkGateway(gw.get("address").toString(), port));
                  }
                }
              }
              out.put(network, gateways);
            });
    return out;
  }

  /** {@code values.global.meshNetworks}: the registries ({@code fromRegistry}) of each network. */
  public Map<String, List<String>> meshNetworkRegistries() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    map(global(), "meshNetworks")
        .forEach(
            (network, spec) -> {
              List<String> registries = new ArrayList<>();
              if (spec instanceof Map<?, ?> m && m.get("endpoints") instanceof List<?> list) {
                for (Object e : list) {
                  if (e instanceof Map<?, ?> ep && ep.get("fromRegistry") != null) {
                    registries.add(ep.get("fromRegistry").toString());
                  }
                }
              }
              out.put(network, registries);
            });
    return out;
  }

  /**
   * What a change of the spec does to a running istiod: a change of the version or of values that
   * reach the Deployment's pod template is a new template (Sail re-renders the chart), so istiod
   * rolls. {@code values.global.meshNetworks} and {@code values.meshConfig} do not: the istiod
   * chart renders them into the {@code istio} ConfigMap only ({@code
   * resources/v1.29.1/charts/istiod/templates/configmap.yaml}; {@code deployment.yaml} carries no
   * checksum of it), and a running istiod reloads both from that ConfigMap ({@code
   * pilot/pkg/bootstrap/mesh.go} of istio/istio: {@code getMeshNetworks} watches its sources) — see
   * {@link #reloadedFrom}.
   */
  public String podTemplateHash() {
    Map<String, Object> template = new LinkedHashMap<>(values());
    template.remove("meshConfig");
    Map<String, Object> global = new LinkedHashMap<>(global());
    global.remove("meshNetworks");
    template.put("global", global);
    return version() + "|" + template;
  }

  /**
   * This spec as a running istiod sees it once it reloaded the {@code istio} ConfigMap rendered
   * from {@code newer}: its own pod template, {@code newer}'s {@code meshNetworks} and {@code
   * meshConfig}.
   */
  public IstioSpec reloadedFrom(IstioSpec newer) {
    Map<String, Object> values = new LinkedHashMap<>(values());
    Map<String, Object> global = new LinkedHashMap<>(global());
    replace(global, newer.global(), "meshNetworks");
    values.put("global", global);
    replace(values, newer.values(), "meshConfig");
    Map<String, Object> reloaded = new LinkedHashMap<>(spec);
    reloaded.put("values", values);
    return new IstioSpec(name, newer.generation(), reloaded);
  }

  private static void replace(Map<String, Object> into, Map<String, Object> from, String key) {
    if (from.containsKey(key)) {
      into.put(key, from.get(key));
    } else {
      into.remove(key);
    }
  }

  private Map<String, Object> global() {
    return map(values(), "global");
  }

  private Map<String, Object> env() {
    return map(map(values(), "pilot"), "env");
  }

  static Map<String, Object> map(Map<String, Object> parent, String key) {
    return parent.get(key) instanceof Map<?, ?> m ? cast(m) : Map.of();
  }

  static Optional<String> text(Map<String, Object> parent, String key) {
    Object v = parent.get(key);
    return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
