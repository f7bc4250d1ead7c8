package io.meshfed.sandbox.cluster.apiserver;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The request path of a simulated API server, in the order of a real one's handler chain ({@code
 * staging/src/k8s.io/apiserver/pkg/server/config.go}, {@code DefaultBuildHandlerChain}): the faults
 * a test laid, then authentication (401), then authorization (403), then the rest ({@link
 * KubectlCompatibleDispatcher}: discovery, then admission and validation, then the store). After a
 * successful write that may change who a token is or what it may do, the authenticator's and
 * authorizer's cached answers are dropped.
 */
final class ApiServerDispatcher extends Dispatcher {

  private static final List<String> SECURITY_RESOURCES =
      List.of(
          "secrets",
          "serviceaccounts",
          "roles",
          "rolebindings",
          "clusterroles",
          "clusterrolebindings");

  private final Dispatcher next;
  private final StoreReader store;
  private final Authenticator authenticator;
  private final RbacAuthorizer authorizer;
  private final FaultInjector faults;
  private final byte[] internalToken;
  private final Runnable onRequest;
  private final WatchSends watches;

  /**
   * @param internalToken the credential of the cluster's own controllers: never hit by faults
   * @param onRequest called before each request is answered
   * @param watches the thread that sends the events of the watches this chain opens
   */
  ApiServerDispatcher(
      Dispatcher next,
      StoreReader store,
      Authenticator authenticator,
      RbacAuthorizer authorizer,
      FaultInjector faults,
      String internalToken,
      Runnable onRequest,
      WatchSends watches) {
    this.next = next;
    this.store = store;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.faults = faults;
    this.internalToken = ("Bearer " + internalToken).getBytes(StandardCharsets.UTF_8);
    this.onRequest = onRequest;
    this.watches = watches;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    onRequest.run();
    RequestAttributes attributes = RequestAttributes.of(request.getMethod(), request.getPath());
    Optional<MockResponse> refused = refusal(request.getHeader("Authorization"), attributes);
    if (refused.isPresent()) {
      return refused.get();
    }
    MockResponse response = next.dispatch(request);
    watches.adopt(response);
    if (attributes.writes()
        && response.code() / 100 == 2
        && changesAuthentication(attributes, response)) {
      store.securityChanged();
    }
    return response;
  }

  /**
   * What the chain answers before the request reaches admission and the store: a fault, 401 or 403;
   * empty when it would reach them.
   *
   * @param authorization the {@code Authorization} header, or null
   */
  Optional<MockResponse> refusal(String authorization, RequestAttributes attributes) {
    boolean internal =
        authorization != null
            && MessageDigest.isEqual(
                internalToken, authorization.trim().getBytes(StandardCharsets.UTF_8));
    if (!internal) {
      Optional<MockResponse> fault = fault();
      if (fault.isPresent()) {
        return fault;
      }
    }
    Identity identity;
    if (internal) {
      identity = Identity.admin();
    } else {
      Optional<Identity> authenticated = authenticator.authenticate(authorization);
      if (authenticated.isEmpty()) {
        return Optional.of(status(401, "Unauthorized", "Unauthorized"));
      }
      identity = authenticated.get();
    }
    if (!authorizer.allowed(identity, attributes)) {
      String who =
          identity.user().equals("system:anonymous")
              ? "User \"system:anonymous\""
              : "User \"" + identity.user() + "\"";
      return Optional.of(
          status(
              403, "Forbidden", forbiddenPrefix(attributes) + who + " " + attributes.describe()));
    }
    return Optional.empty();
  }

  /**
   * Whether a successful write may change who a token is or what it may do: any write to
   * ServiceAccounts and RBAC objects, and a write to a Secret only when the Secret is a
   * service-account token (its type is immutable, {@link
   * io.meshfed.sandbox.cluster.validation.CoreKindRules}, so the object the store answers with
   * tells; for a delete it is the deleted object, or the list of them).
   */
  private static boolean changesAuthentication(
      RequestAttributes attributes, MockResponse response) {
    if (!SECURITY_RESOURCES.contains(attributes.resource())) {
      return false;
    }
    if (!"secrets".equals(attributes.resource())) {
      return true;
    }
    return response.getBody() == null
        || new String(response.getBody().getBytes(), StandardCharsets.UTF_8)
            .contains(Authenticator.TOKEN_TYPE);
  }

  @Override
  public void shutdown() {
    next.shutdown();
  }

  private Optional<MockResponse> fault() {
    return faults
        .current()
        .map(
            f ->
                switch (f.kind()) {
                  case TIMEOUT ->
                      status(
                              504,
                              "Timeout",
                              "the server was unable to return a response in the time allotted")
                          .setBodyDelay(faults.remaining(f).plus(Duration.ofSeconds(1)));
                  case TOO_MANY_REQUESTS ->
                      status(
                              429,
                              "TooManyRequests",
                              "the server has received too many requests and has asked us to try"
                                  + " again later")
                          .setHeader("Retry-After", "1");
                  case UNAVAILABLE ->
                      status(
                          503,
                          "ServiceUnavailable",
                          "the server is currently unable to handle the request");
                  case INTERNAL_ERROR ->
                      status(
                          500,
                          "InternalError",
                          "an error on the server has prevented the request from succeeding");
                });
  }

  private static String forbiddenPrefix(RequestAttributes a) {
    if (!a.resourceRequest()) {
      return "forbidden: ";
    }
    String kind = a.apiGroup().isEmpty() ? a.resource() : a.resource() + "." + a.apiGroup();
    return kind + (a.name() == null ? "" : " \"" + a.name() + "\"") + " is forbidden: ";
  }

  private static MockResponse status(int code, String reason, String message) {
    return StatusResponses.failure(code, reason, message);
  }
}
