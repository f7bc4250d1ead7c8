package io.meshfed.hub.api;

import io.meshfed.hub.HubConfig;
import io.meshfed.hub.request.Rejection;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a call of the REST API whose Content-Length is over {@code meshfed.hub.max-request-bytes}
 * with 413 ({@code TooLarge}) before its body is read, whatever its method. A body sent without a
 * length (chunked) is bounded where it is read ({@link StrictBody#read(java.io.InputStream, int,
 * Class)}). Either way nothing reaches the request topic.
 */
public class BodyLimit {

  private final HubConfig config;

  @Inject
  public BodyLimit(HubConfig config) {
    this.config = config;
  }

  @ServerRequestFilter
  public Optional<Response> refuseDeclaredTooLarge(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return Optional.empty();
    }
    long length;
    try {
      length = Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    int max = config.maxRequestBytes();
    return length > max ? Optional.of(tooLarge(Rejection.tooLarge(length, max))) : Optional.empty();
  }

  /**
   * The 413 answer. The connection is closed after it: the rest of the body is not read, so it
   * could not carry a next request.
   */
  static Response tooLarge(Rejection r) {
    return Response.status(r.httpStatus())
        .type(MediaType.APPLICATION_JSON)
        .header("Connection", "close")
        .entity(ProblemResponse.of(r))
        .build();
  }
}
