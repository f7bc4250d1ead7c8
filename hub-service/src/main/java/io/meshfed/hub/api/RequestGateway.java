package io.meshfed.hub.api;

import io.meshfed.events.model.MembershipRequest;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.HubState;
import io.meshfed.hub.messaging.PendingRequests;
import io.meshfed.hub.messaging.RequestPublisher;
import io.meshfed.hub.request.Accepted;
import io.meshfed.hub.request.Decision;
import io.meshfed.hub.request.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The REST door to the one request path: put the request on the request topic, wait for the
 * broker's acknowledgement, then wait (bounded) for the request processor to decide it, and answer
 * with the decision.
 */
@ApplicationScoped
public class RequestGateway {

  private static final Logger LOG = Logger.getLogger(RequestGateway.class);

  private final HubState state;
  private final RequestPublisher publisher;
  private final PendingRequests pending;
  private final HubConfig config;

  @Inject
  public RequestGateway(
      HubState state, RequestPublisher publisher, PendingRequests pending, HubConfig config) {
    this.state = state;
    this.publisher = publisher;
    this.pending = pending;
    this.config = config;
  }

  /**
   * @param actor the caller, as authorized here: the hub signs the request for it, and the request
   *     processor checks that signature as it checks every request on the topic
   */
  public Response submit(MembershipRequest request, String actor) {
    if (!state.isReady()) {
      return problem(
          503,
          new ProblemResponse(
              "Rebuilding",
              null,
              "the hub is rebuilding its state from the membership log; retry shortly"));
    }
    String requestId = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    CompletableFuture<Decision> outcome = pending.register(requestId);
    try {
      publisher.publish(requestId, request, actor).await().atMost(config.requestTimeout());
    } catch (RuntimeException e) {
      pending.forget(requestId);
      LOG.errorf(e, "request %s for mesh %s: not written to Kafka", requestId, request.meshId());
      return problem(
          503,
          new ProblemResponse(
              "KafkaUnavailable",
              null,
              "the request could not be written to meshfed.requests.v1: " + e.getMessage()));
    }
    try {
      Decision decision =
          outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (decision instanceof Accepted a) {
        return Response.accepted(
                new AcceptedResponse(requestId, a.meshId(), a.clusterName(), a.generation()))
            .build();
      }
      Rejection r = (Rejection) decision;
      return problem(r.httpStatus(), ProblemResponse.of(r));
    } catch (TimeoutException e) {
      pending.forget(requestId);
      return problem(
          504,
          new ProblemResponse(
              "Timeout",
              null,
              "request "
                  + requestId
                  + " is on meshfed.requests.v1 but was not decided within "
                  + config.requestTimeout()
                  + "; its outcome will be on meshfed.events.v1"));
    } catch (ExecutionException e) {
      return problem(
          503,
          new ProblemResponse(
              "WriteFailed",
              null,
              "request " + requestId + " could not be applied: " + e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.forget(requestId);
      return problem(503, new ProblemResponse("Interrupted", null, "the hub is shutting down"));
    }
  }

  static Response problem(int status, ProblemResponse body) {
    return Response.status(status).entity(body).build();
  }
}
