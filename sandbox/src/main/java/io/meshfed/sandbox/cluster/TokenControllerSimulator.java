package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the service-account token controller of a simulated cluster: a Secret of type
 * {@code kubernetes.io/service-account-token} whose {@code kubernetes.io/service-account.name}
 * names an existing ServiceAccount of its namespace gets a {@code token}, the API server's CA
 * bundle ({@code ca.crt}) and its {@code namespace} in its data, and the account's uid in {@code
 * kubernetes.io/service-account.uid}, as the real controller does. The token is random and opaque:
 * the simulated API servers check no credential. A Secret whose account does not exist yet waits
 * for it.
 */
public final class TokenControllerSimulator implements AutoCloseable {

  static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
  static final String ACCOUNT_NAME = "kubernetes.io/service-account.name";
  static final String ACCOUNT_UID = "kubernetes.io/service-account.uid";

  private static final Logger LOG = LoggerFactory.getLogger(TokenControllerSimulator.class);
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private final KubernetesClient client;
  private final String cluster;
  private final String caBundlePem;
  private final WorkQueue queue;
  private final SecureRandom random = new SecureRandom();
  private SharedIndexInformer<Secret> secrets;
  private SharedIndexInformer<ServiceAccount> accounts;

  private TokenControllerSimulator(KubernetesClient client, String cluster, String caBundlePem) {
    this.client = client;
    this.cluster = cluster;
    this.caBundlePem = caBundlePem;
    this.queue = new WorkQueue("token-controller-" + cluster);
  }

  /**
   * Starts watching the Secrets and ServiceAccounts of every namespace of the cluster.
   *
   * @param caBundlePem the API server's CA certificate(s), PEM, for {@code ca.crt}
   */
  public static TokenControllerSimulator start(
      KubernetesClient client, String clusterName, String caBundlePem) {
    TokenControllerSimulator controller =
        new TokenControllerSimulator(client, clusterName, caBundlePem);
    try {
      controller.watch();
    } catch (RuntimeException e) {
      controller.close();
      throw e;
    }
    return controller;
  }

  private void watch() {
    secrets = client.secrets().inAnyNamespace().runnableInformer(0);
    secrets.addEventHandler(queue.handler("Secret", this::reconcile));
    accounts = client.serviceAccounts().inAnyNamespace().runnableInformer(0);
    // A new account: its token Secrets that were waiting for it.
    accounts.addEventHandler(
        queue.handler(
            "ServiceAccount",
            key ->
                secrets.getStore().list().stream()
                    .filter(s -> waitsFor(s, key))
                    .forEach(s -> reconcile(Cache.metaNamespaceKeyFunc(s)))));
    accounts.run();
    secrets.run();
  }

  private void reconcile(String key) {
    Secret secret = secrets.getStore().getByKey(key);
    if (secret == null || !TOKEN_TYPE.equals(secret.getType()) || hasToken(secret)) {
      return;
    }
    String namespace = secret.getMetadata().getNamespace();
    String account = annotation(secret, ACCOUNT_NAME);
    ServiceAccount sa =
        account == null ? null : accounts.getStore().getByKey(namespace + "/" + account);
    if (sa == null) {
      return;
    }
    byte[] token = new byte[32];
    random.nextBytes(token);
    String tokenText =
        "sandbox-" + cluster + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    Secret filled =
        new SecretBuilder(secret)
            .editMetadata()
            .addToAnnotations(ACCOUNT_UID, sa.getMetadata().getUid())
            .endMetadata()
            .addToData("token", BASE64.encodeToString(tokenText.getBytes(StandardCharsets.UTF_8)))
            .addToData(
                "ca.crt", BASE64.encodeToString(caBundlePem.getBytes(StandardCharsets.UTF_8)))
            .addToData(
                "namespace", BASE64.encodeToString(namespace.getBytes(StandardCharsets.UTF_8)))
            .build();
    try {
      client.secrets().inNamespace(namespace).resource(filled).update();
      LOG.info(
          "Token controller (simulated) on cluster {}: token for {}/{} in Secret {}",
          cluster,
          namespace,
          account,
          key);
    } catch (KubernetesClientException e) {
      // 404: deleted meanwhile; 409: changed meanwhile, its update event queues it again.
      if (e.getCode() != 404 && e.getCode() != 409) {
        throw e;
      }
    }
  }

  private static boolean waitsFor(Secret secret, String accountKey) {
    String account = annotation(secret, ACCOUNT_NAME);
    return TOKEN_TYPE.equals(secret.getType())
        && !hasToken(secret)
        && account != null
        && accountKey.equals(secret.getMetadata().getNamespace() + "/" + account);
  }

  private static boolean hasToken(Secret secret) {
    Map<String, String> data = secret.getData();
    return data != null && data.get("token") != null && !data.get("token").isBlank();
  }

  private static String annotation(Secret secret, String name) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }

  /** Stops watching. Safe to call twice. */
  @Override
  public void close() {
    if (secrets != null) {
      secrets.close();
    }
    if (accounts != null) {
      accounts.close();
    }
    queue.close();
  }
}
