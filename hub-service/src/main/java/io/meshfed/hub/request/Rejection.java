package io.meshfed.hub.request;

/**
 * Why a request was not accepted, and what to fix.
 *
 * @param reason a machine-readable reason, e.g. {@code NetworkRequired}
 * @param field the request field at fault, or null
 * @param message what to fix, for a person
 * @param httpStatus the REST status: 400 invalid, 401 no valid bearer token, 403 not allowed on the
 *     mesh, 404 unknown mesh or cluster, 409 conflict, 413 too large
 */
public record Rejection(String reason, String field, String message, int httpStatus)
    implements Decision {

  /** The reason of a request over the hub's size bound, on REST and on the dead-letter topic. */
  public static final String TOO_LARGE = "TooLarge";

  /** The reason of a request without a valid bearer token. */
  public static final String UNAUTHENTICATED = "Unauthenticated";

  /** The reason of a request whose token's groups do not allow changing its mesh. */
  public static final String FORBIDDEN = "Forbidden";

  public static Rejection unauthenticated(String message) {
    return new Rejection(UNAUTHENTICATED, null, message, 401);
  }

  public static Rejection forbidden(String message) {
    return new Rejection(FORBIDDEN, null, message, 403);
  }

  public static Rejection invalid(String reason, String field, String message) {
    return new Rejection(reason, field, message, 400);
  }

  public static Rejection notFound(String reason, String field, String message) {
    return new Rejection(reason, field, message, 404);
  }

  /**
   * A request over the hub's size bound ({@code meshfed.hub.max-request-bytes}).
   *
   * @param size the request's size in bytes, or -1 where only "more than the bound" is known
   * @param maxBytes the bound
   */
  public static Rejection tooLarge(long size, int maxBytes) {
    return new Rejection(TOO_LARGE, null, tooLargeMessage(size, maxBytes), 413);
  }

  /** What {@link #tooLarge} says: the size (where known) and the bound. */
  public static String tooLargeMessage(long size, int maxBytes) {
    String actual = size < 0 ? "more than " + maxBytes : Long.toString(size);
    return "the request is "
        + actual
        + " bytes; the hub takes at most "
        + maxBytes
        + " bytes (meshfed.hub.max-request-bytes)";
  }

  public static Rejection conflict(String reason, String field, String message) {
    return new Rejection(reason, field, message, 409);
  }
}
