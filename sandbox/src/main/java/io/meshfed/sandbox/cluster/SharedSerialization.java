package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The one fabric8 serialization of every simulated cluster in this JVM: its API servers, its
 * controllers and their clients. Each {@link KubernetesSerialization} holds its own Jackson mapper,
 * which learns the whole Kubernetes model it meets (a few MiB of introspection per mapper); a mesh
 * of 100 simulated clusters made about a thousand of them and spent its heap and much of its CPU on
 * learning the same model again. A mapper is safe to share between threads once configured.
 */
public final class SharedSerialization {

  public static final KubernetesSerialization INSTANCE = new KubernetesSerialization();

  private SharedSerialization() {}
}
