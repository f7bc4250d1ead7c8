package io.meshfed.sandbox.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TokenRequest subresource of ServiceAccounts ({@code POST
 * /api/v1/namespaces/<ns>/serviceaccounts/<name>/token}), which the CRUD store does not know:
 * answered by {@link BoundTokens} with {@code 201 Created} and the request with its {@code status}
 * ({@code token}, {@code expirationTimestamp}), as a real API server answers. Every other request
 * goes on.
 */
final class TokenRequestDispatcher extends Dispatcher {

  private static final Pattern PATH =
      Pattern.compile(
          "^/api/v1/namespaces/(?<namespace>[a-z0-9-]+)/serviceaccounts/(?<name>[a-z0-9.-]+)/token/?(\\?.*)?$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BoundTokens tokens;
  private final Dispatcher next;

  TokenRequestDispatcher(BoundTokens tokens, Dispatcher next) {
    this.tokens = tokens;
    this.next = next;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Matcher m = PATH.matcher(request.getPath());
    if (!m.matches()) {
      return next.dispatch(request);
    }
    if (!"POST".equalsIgnoreCase(request.getMethod())) {
      return status(
          405,
          "MethodNotAllowed",
          "the server does not allow this method on the requested resource");
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody().readUtf8());
    } catch (IOException e) {
      return status(400, "BadRequest", "the body is not a TokenRequest: " + e.getMessage());
    }
    if (body == null || !"TokenRequest".equals(body.path("kind").asText())) {
      return status(400, "BadRequest", "the body is not a TokenRequest");
    }
    try {
      Map.Entry<String, Instant> issued =
          tokens.issue(m.group("namespace"), m.group("name"), body.path("spec"));
      ObjectNode answer = body.deepCopy();
      answer
          .putObject("status")
          .put("token", issued.getKey())
          .put("expirationTimestamp", issued.getValue().toString());
      return new MockResponse()
          .setResponseCode(201)
          .setHeader("Content-Type", "application/json")
          .setBody(answer.toString());
    } catch (BoundTokens.Refused e) {
      return status(e.code, e.reason, e.getMessage());
    }
  }

  @Override
  public void shutdown() {
    next.shutdown();
  }

  private static MockResponse status(int code, String reason, String message) {
    return StatusResponses.failure(code, reason, message);
  }
}
