package io.meshfed.agent.resource;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/** Turns a failed API call into a reason for a status condition and a metric tag. */
public final class ApiErrors {

  /** The API server could not be reached or gave no answer. */
  public static final String UNREACHABLE = "ApiServerUnreachable";

  /** Every reason {@link #reason} derives from an HTTP code, and {@link #UNREACHABLE}. */
  public static final List<String> KNOWN_REASONS =
      List.of(
          "BadRequest",
          "Unauthorized",
          "Forbidden",
          "NotFound",
          "MethodNotAllowed",
          "Conflict",
          "Gone",
          "UnsupportedMediaType",
          "Invalid",
          "TooManyRequests",
          "InternalError",
          "ServiceUnavailable",
          "Timeout",
          "ServerError",
          "HttpError",
          UNREACHABLE);

  private ApiErrors() {}

  /** The API server's reason (e.g. {@code Forbidden}), else one derived from the HTTP code. */
  public static String reason(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null && status.getReason() != null && !status.getReason().isBlank()) {
      return status.getReason();
    }
    return switch (e.getCode()) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 415 -> "UnsupportedMediaType";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 500 -> "InternalError";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> e.getCode() >= 500 ? "ServerError" : e.getCode() > 0 ? "HttpError" : UNREACHABLE;
    };
  }

  public static String message(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
      return status.getMessage();
    }
    return e.getMessage();
  }
}
