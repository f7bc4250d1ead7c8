package io.meshfed.agent.security;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshfed.agent.resource.ApplyException;
import io.meshfed.agent.resource.ManagedKind;
import io.meshfed.agent.resource.ObjectRef;
import io.meshfed.agent.resource.ResourceApplier;
import io.meshfed.security.ca.IntermediateCsr;
import java.net.HttpURLConnection;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps one cluster's {@link AgentKeys} in its {@link AgentKeysSecret}, through the cluster's one
 * applier. The keys are made once, the first time the agent finds no Secret, and read back from it
 * after every restart; a Secret that was deleted while the agent runs is written again from memory,
 * so that the keys the hub knows stay the keys the agent signs with.
 *
 * <p>The Secret's namespace is created (without meshfed's labels) if it is missing: the keys are
 * made before the cluster joins a mesh, so that their public part can be registered with the join.
 */
public final class AgentKeyStore {

  private static final Logger LOG = Logger.getLogger(AgentKeyStore.class);
  private static final ObjectRef SECRET =
      new ObjectRef(ManagedKind.SECRET, AgentKeysSecret.NAMESPACE, AgentKeysSecret.NAME);
  private static final ObjectRef NAMESPACE =
      new ObjectRef(ManagedKind.NAMESPACE, null, AgentKeysSecret.NAMESPACE);

  private final String cluster;
  private final ResourceApplier applier;
  private volatile AgentKeys keys;

  public AgentKeyStore(String cluster, ResourceApplier applier) {
    this.cluster = cluster;
    this.applier = applier;
  }

  /**
   * The cluster's keys: read from its Secret, or made and stored if there is none.
   *
   * @param verify whether to check that the Secret still holds the keys the agent uses (and write
   *     it again if not) when they are loaded already; a reconcile that reads the API server does
   *     (a resync), one woken by an event does not
   * @throws ApplyException when the Secret cannot be read or written, or holds unusable keys
   *     (reason {@code AgentKeysUnusable}: fix or delete it; a deleted Secret means new keys, to be
   *     registered again)
   */
  public synchronized AgentKeys ensure(boolean verify) {
    if (keys != null) {
      if (verify) {
        applier.apply(AgentKeysSecret.render(keys));
      }
      return keys;
    }
    Optional<GenericKubernetesResource> live = applier.get(SECRET);
    if (live.isPresent()) {
      keys = read(live.get());
      LOG.infof(
          "cluster=%s: signing with key %s from %s", cluster, keys.keyId(), SECRET.toString());
      return keys;
    }
    if (applier.get(NAMESPACE).isEmpty()) {
      applier.create(
          new NamespaceBuilder()
              .withNewMetadata()
              .withName(NAMESPACE.name())
              .endMetadata()
              .build());
    }
    AgentKeys fresh = AgentKeys.generate();
    try {
      applier.create(AgentKeysSecret.render(fresh));
    } catch (ApplyException e) {
      if (!alreadyExists(e)) {
        throw e;
      }
      keys = read(applier.get(SECRET).orElseThrow(() -> e));
      return keys;
    }
    keys = fresh;
    LOG.infof(
        "cluster=%s: created the agent's keys in %s; signing key %s, public key %s (register it as"
            + " signingPublicKey when the cluster joins)",
        cluster, SECRET.toString(), keys.keyId(), keys.signingPublicKey());
    return keys;
  }

  /** The keys, once {@link #ensure()} succeeded. */
  public Optional<AgentKeys> current() {
    return Optional.ofNullable(keys);
  }

  /**
   * Stores a new intermediate request with its key before the request is published, so that the
   * certificate the hub issues for it can still be used after a restart.
   */
  public synchronized AgentKeys savePending(IntermediateCsr csr) {
    AgentKeys next = require().withPendingIntermediate(csr);
    applier.apply(AgentKeysSecret.render(next));
    keys = next;
    return next;
  }

  /** Drops the pending intermediate key: its certificate was installed, or it is not needed. */
  public synchronized AgentKeys clearPending() {
    AgentKeys current = require();
    if (current.pendingIntermediate().isEmpty()) {
      return current;
    }
    AgentKeys next = current.withoutPendingIntermediate();
    applier.apply(AgentKeysSecret.render(next));
    keys = next;
    return next;
  }

  private AgentKeys require() {
    AgentKeys current = keys;
    if (current == null) {
      throw new IllegalStateException("the keys of cluster " + cluster + " are not loaded yet");
    }
    return current;
  }

  private AgentKeys read(GenericKubernetesResource secret) {
    try {
      return AgentKeysSecret.read(cluster, SecretData.of(secret));
    } catch (IllegalArgumentException e) {
      throw new ApplyException(
          SECRET,
          "AgentKeysUnusable",
          SECRET
              + " holds no usable keys: "
              + e.getMessage()
              + " (fix it, or delete it to make new keys and register them again)",
          e);
    }
  }

  private static boolean alreadyExists(ApplyException e) {
    return e.getCause() instanceof KubernetesClientException k
        && k.getCode() == HttpURLConnection.HTTP_CONFLICT;
  }
}
