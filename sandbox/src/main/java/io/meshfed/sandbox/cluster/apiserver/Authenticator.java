package io.meshfed.sandbox.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates the bearer token of a request as a simulated API server does, with the
 * authenticators a kubeadm cluster has:
 *
 * <ul>
 *   <li>the cluster's administrator token (standing in for kubeadm's {@code admin.conf} client
 *       certificate, in {@code system:masters});
 *   <li>legacy service-account tokens ({@code pkg/serviceaccount/legacy.go}, {@code
 *       legacyValidator.Validate}): the token must be the {@code token} of a Secret of type {@code
 *       kubernetes.io/service-account-token} that still exists and is not being deleted, whose
 *       {@code kubernetes.io/service-account.name} names a ServiceAccount that still exists with
 *       the uid in {@code kubernetes.io/service-account.uid}; a deleted Secret or account revokes
 *       the token at once;
 *   <li>tokens from the TokenRequest API ({@link BoundTokens}): valid until they expire, while
 *       their account and the object they are bound to exist;
 *   <li>no token: {@code system:anonymous} (kubeadm keeps anonymous authentication on; RBAC lets it
 *       read only the public paths and {@code kube-public/cluster-info}).
 * </ul>
 *
 * Any other token is refused: the request is answered 401.
 */
final class Authenticator {

  static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
  static final String ACCOUNT_NAME = "kubernetes.io/service-account.name";
  static final String ACCOUNT_UID = "kubernetes.io/service-account.uid";

  private final StoreReader store;
  private final byte[] adminToken;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long generation, Optional<Identity> identity) {}

  private final BoundTokens boundTokens;

  Authenticator(StoreReader store, String adminToken, BoundTokens boundTokens) {
    this.store = store;
    this.boundTokens = boundTokens;
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @param authorization the {@code Authorization} header, or null
   * @return the identity, or empty when the token is not valid (401)
   */
  Optional<Identity> authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Optional.of(Identity.anonymous());
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = authorization.substring(7).trim();
    if (MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of(Identity.admin());
    }
    if (BoundTokens.looksBound(token)) {
      // checked on every request: it expires with time, not only with writes
      return boundTokens.authenticate(token);
    }
    long generation = store.securityGeneration();
    Cached cached = cache.get(token);
    if (cached != null && cached.generation() == generation) {
      return cached.identity();
    }
    Optional<Identity> identity = serviceAccountToken(token);
    if (cache.size() > 1000) {
      cache.clear();
    }
    cache.put(token, new Cached(generation, identity));
    return identity;
  }

  private Optional<Identity> serviceAccountToken(String token) {
    String encoded = Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    for (JsonNode secret : store.list("/api/v1/secrets")) {
      if (!TOKEN_TYPE.equals(secret.path("type").asText())
          || !encoded.equals(secret.path("data").path("token").asText())) {
        continue;
      }
      JsonNode meta = secret.path("metadata");
      if (meta.hasNonNull("deletionTimestamp")) {
        return Optional.empty();
      }
      String namespace = meta.path("namespace").asText();
      String account = meta.path("annotations").path(ACCOUNT_NAME).asText("");
      String uid = meta.path("annotations").path(ACCOUNT_UID).asText("");
      Optional<JsonNode> sa =
          store.get("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + account);
      if (account.isEmpty()
          || sa.isEmpty()
          || sa.get().path("metadata").hasNonNull("deletionTimestamp")
          || !uid.equals(sa.get().path("metadata").path("uid").asText())) {
        return Optional.empty();
      }
      return Optional.of(Identity.serviceAccount(namespace, account));
    }
    return Optional.empty();
  }
}
