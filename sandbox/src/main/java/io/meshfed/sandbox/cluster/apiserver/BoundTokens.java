package io.meshfed.sandbox.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service-account tokens a simulated API server issued through the TokenRequest API, and how it
 * checks them, as a real server does:
 *
 * <ul>
 *   <li>Issuing ({@code pkg/registry/core/serviceaccount/storage/token.go}, {@code
 *       TokenREST.Create}): the account must exist; a bound object must be a Secret or a Pod of the
 *       account's namespace that exists, with the uid the request names, else the request is
 *       refused (404, 409); the lifetime is at least 10 minutes ({@code
 *       pkg/apis/authentication/validation/validation.go}), 1 hour when none is asked for ({@code
 *       SetDefaults_TokenRequestSpec}), and at most the server's {@code
 *       --service-account-max-token-expiration}, which shortens a longer request; the answer names
 *       the expiry.
 *   <li>Checking ({@code pkg/serviceaccount/claims.go}, {@code validator.Validate}): the token is
 *       refused after its expiry, once its account is gone or recreated (another uid), and once its
 *       bound object is gone, recreated or being deleted: deleting the Secret revokes it.
 * </ul>
 *
 * The tokens are random and opaque (a real server signs a JWT; nothing in meshfed reads inside a
 * token).
 */
final class BoundTokens {

  /** The shortest lifetime a request may ask for. */
  static final Duration MIN_LIFETIME = Duration.ofMinutes(10);

  /** The lifetime when a request asks for none. */
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  /** Tokens are told apart from legacy ones by this prefix. */
  static final String PREFIX = "sandbox-bound.";

  /** What a token stands for. */
  record Issued(
      String namespace,
      String account,
      String accountUid,
      Optional<String> boundKind,
      Optional<String> boundName,
      Optional<String> boundUid,
      Instant expiresAt) {}

  /** Why a request was refused: its HTTP status, reason and message. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;
    final String reason;

    Refused(int code, String reason, String message) {
      super(message, null, false, false);
      this.code = code;
      this.reason = reason;
    }
  }

  private final StoreReader store;
  private final Clock clock;
  private final Duration maxLifetime;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();

  /**
   * @param maxLifetime the server's {@code --service-account-max-token-expiration}
   */
  BoundTokens(StoreReader store, Clock clock, Duration maxLifetime) {
    this.store = store;
    this.clock = clock;
    this.maxLifetime = maxLifetime;
  }

  /**
   * Issues a token for {@code namespace/account} as the TokenRequest {@code spec} asks.
   *
   * @return the token and its expiry
   * @throws Refused as the API server refuses the request
   */
  Map.Entry<String, Instant> issue(String namespace, String account, JsonNode spec) throws Refused {
    long seconds =
        spec.hasNonNull("expirationSeconds")
            ? spec.get("expirationSeconds").asLong()
            : DEFAULT_LIFETIME.toSeconds();
    if (seconds < MIN_LIFETIME.toSeconds()) {
      throw new Refused(
          422,
          "Invalid",
          "TokenRequest.authentication.k8s.io \""
              + account
              + "\" is invalid: spec.expirationSeconds: Invalid value: "
              + seconds
              + ": may not specify a duration less than 10 minutes");
    }
    if (seconds > (1L << 32)) {
      throw new Refused(
          422,
          "Invalid",
          "TokenRequest.authentication.k8s.io \""
              + account
              + "\" is invalid: spec.expirationSeconds: Invalid value: "
              + seconds
              + ": may not specify a duration larger than 2^32 seconds");
    }
    JsonNode sa =
        store
            .get("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + account)
            .orElseThrow(
                () ->
                    new Refused(404, "NotFound", "serviceaccounts \"" + account + "\" not found"));
    Optional<String> boundKind = Optional.empty();
    Optional<String> boundName = Optional.empty();
    Optional<String> boundUid = Optional.empty();
    JsonNode ref = spec.path("boundObjectRef");
    if (!ref.isMissingNode() && !ref.isNull()) {
      String kind = ref.path("kind").asText("");
      String name = ref.path("name").asText("");
      String resource =
          switch (kind) {
            case "Secret" -> "secrets";
            case "Pod" -> "pods";
            default ->
                throw new Refused(
                    400, "BadRequest", "cannot bind token for object of type " + kind);
          };
      JsonNode object =
          store
              .get("/api/v1/namespaces/" + namespace + "/" + resource + "/" + name)
              .orElseThrow(
                  () -> new Refused(404, "NotFound", resource + " \"" + name + "\" not found"));
      String uid = object.path("metadata").path("uid").asText("");
      String askedUid = ref.path("uid").asText("");
      if (!askedUid.isEmpty() && !askedUid.equals(uid)) {
        throw new Refused(
            409,
            "Conflict",
            "the UID in the bound object reference ("
                + askedUid
                + ") does not match the UID in record. The object might have been deleted and"
                + " then recreated");
      }
      boundKind = Optional.of(resource);
      boundName = Optional.of(name);
      boundUid = Optional.of(uid);
    }
    Duration lifetime = Duration.ofSeconds(seconds);
    if (lifetime.compareTo(maxLifetime) > 0) {
      lifetime = maxLifetime;
    }
    Instant expiresAt =
        clock.instant().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    issued.put(
        token,
        new Issued(
            namespace,
            account,
            sa.path("metadata").path("uid").asText(""),
            boundKind,
            boundName,
            boundUid,
            expiresAt));
    return Map.entry(token, expiresAt);
  }

  /** Whether a token looks like one of these (else it is checked as a legacy token). */
  static boolean looksBound(String token) {
    return token.startsWith(PREFIX);
  }

  /** The account a token stands for, while it is valid; empty when it is refused (401). */
  Optional<Identity> authenticate(String token) {
    Issued t = issued.get(token);
    if (t == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(t.expiresAt())) {
      issued.remove(token);
      return Optional.empty();
    }
    Optional<JsonNode> sa =
        store.get("/api/v1/namespaces/" + t.namespace() + "/serviceaccounts/" + t.account());
    if (sa.isEmpty()
        || sa.get().path("metadata").hasNonNull("deletionTimestamp")
        || !t.accountUid().equals(sa.get().path("metadata").path("uid").asText())) {
      return Optional.empty();
    }
    if (t.boundName().isPresent()) {
      Optional<JsonNode> bound =
          store.get(
              "/api/v1/namespaces/"
                  + t.namespace()
                  + "/"
                  + t.boundKind().orElseThrow()
                  + "/"
                  + t.boundName().get());
      if (bound.isEmpty()
          || bound.get().path("metadata").hasNonNull("deletionTimestamp")
          || !t.boundUid()
              .orElseThrow()
              .equals(bound.get().path("metadata").path("uid").asText())) {
        return Optional.empty();
      }
    }
    return Optional.of(Identity.serviceAccount(t.namespace(), t.account()));
  }
}
