package io.meshfed.events.model;

/**
 * A node locality seen in the cluster: {@code topology.kubernetes.io/region}, {@code zone} and
 * {@code topology.istio.io/subzone}.
 */
public record Locality(String region, String zone, String subzone) {}
