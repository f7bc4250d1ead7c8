package io.meshfed.hub.api;

import io.meshfed.hub.request.Rejection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why a request failed and what to fix. */
@Schema(name = "Problem", description = "Why the request was not accepted, and what to fix.")
public record ProblemResponse(
    @Schema(description = "Machine-readable reason", example = "NetworkRequired") String reason,
    @Schema(description = "The request field at fault, if any", example = "network") String field,
    @Schema(description = "What to fix") String message) {

  public static ProblemResponse of(Rejection r) {
    return new ProblemResponse(r.reason(), r.field(), r.message());
  }
}
