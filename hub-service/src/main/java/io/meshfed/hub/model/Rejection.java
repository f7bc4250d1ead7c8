package io.meshfed.hub.model;

/**
 * Why a request was not accepted, and what to fix.
 *
 * @param reason a machine-readable reason, e.g. {@code NetworkRequired}
 * @param field the request field at fault, or null
 * @param message what to fix, for a person
 * @param httpStatus the REST status: 400 invalid, 404 unknown mesh or cluster, 409 conflict
 */
public record Rejection(String reason, String field, String message, int httpStatus)
    implements Decision {

  public static Rejection invalid(String reason, String field, String message) {
    return new Rejection(reason, field, message, 400);
  }

  public static Rejection notFound(String reason, String field, String message) {
    return new Rejection(reason, field, message, 404);
  }

  public static Rejection conflict(String reason, String field, String message) {
    return new Rejection(reason, field, message, 409);
  }
}
