package io.meshfed.sandbox.cluster.validation;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.meshfed.sandbox.cluster.SharedSerialization;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The refusals an API server answers with a {@code Status}, in its words: 422 Invalid with one
 * cause per field (k8s.io/apimachinery/pkg/api/errors/errors.go, NewInvalid: the message lists the
 * causes once each, bracketed when there are several), 404 NotFound, 403 Forbidden, 400 BadRequest,
 * 415, and a webhook's denial (400 without a reason).
 */
final class InvalidResponse {

  private static final KubernetesSerialization JSON = SharedSerialization.INSTANCE;

  private InvalidResponse() {}

  /**
   * @param group the group of the kind, empty for the core group
   * @param kind the kind, or for some refusals the resource (e.g. {@code istios})
   */
  static MockResponse invalid(String group, String kind, String name, List<FieldError> errors) {
    Set<String> messages = new LinkedHashSet<>();
    List<StatusCause> causes = new ArrayList<>();
    for (FieldError e : errors) {
      messages.add(e.message());
      causes.add(
          new StatusCauseBuilder()
              .withReason(e.type().cause())
              .withMessage(e.body())
              .withField(e.field())
              .build());
    }
    String qualified = group.isEmpty() ? kind : kind + "." + group;
    String aggregate =
        messages.size() == 1 ? messages.iterator().next() : "[" + String.join(", ", messages) + "]";
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(422)
            .withReason("Invalid")
            .withMessage(qualified + " " + FieldError.quote(name) + " is invalid: " + aggregate)
            .withNewDetails()
            .withName(name)
            .withGroup(group.isEmpty() ? null : group)
            .withKind(kind)
            .withCauses(causes)
            .endDetails()
            .build();
    return response(status);
  }

  /** 404 {@code <resource> "<name>" not found}. */
  static MockResponse notFound(String group, String resource, String name) {
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    return response(
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(404)
            .withReason("NotFound")
            .withMessage(qualified + " " + FieldError.quote(name) + " not found")
            .withNewDetails()
            .withName(name)
            .withGroup(group.isEmpty() ? null : group)
            .withKind(resource)
            .endDetails()
            .build());
  }

  /** 403 {@code <resource> "<name>" is forbidden: <why>}, with one cause. */
  static MockResponse forbidden(
      ResourceKind kind,
      String name,
      String why,
      String causeReason,
      String causeMessage,
      String field) {
    return response(
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(403)
            .withReason("Forbidden")
            .withMessage(
                kind.qualifiedResource() + " " + FieldError.quote(name) + " is forbidden: " + why)
            .withNewDetails()
            .withName(name)
            .withGroup(kind.group().isEmpty() ? null : kind.group())
            .withKind(kind.plural())
            .withCauses(
                new StatusCauseBuilder()
                    .withReason(causeReason)
                    .withMessage(causeMessage)
                    .withField(field)
                    .build())
            .endDetails()
            .build());
  }

  /** 404 for a path the API server does not serve, such as a status a kind does not have. */
  static MockResponse noSuchResource() {
    return simple(404, "NotFound", "the server could not find the requested resource");
  }

  static MockResponse badRequest(String message) {
    return simple(400, "BadRequest", message);
  }

  /** 422 without causes, as for a JSON patch that cannot be applied. */
  static MockResponse unprocessable(String message) {
    return simple(422, "Invalid", message);
  }

  /** A validating webhook's denial: 400, no reason. */
  static MockResponse denied(String webhook, String message) {
    return simple(
        400, null, "admission webhook \"" + webhook + "\" denied the request: " + message);
  }

  private static MockResponse simple(int code, String reason, String message) {
    return response(
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .build());
  }

  private static MockResponse response(Status status) {
    return new MockResponse()
        .setResponseCode(status.getCode())
        .setHeader("Content-Type", "application/json")
        .setBody(JSON.asJson(status));
  }
}
