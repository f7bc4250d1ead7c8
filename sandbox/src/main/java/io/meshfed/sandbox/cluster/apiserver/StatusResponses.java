package io.meshfed.sandbox.cluster.apiserver;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.meshfed.sandbox.cluster.SharedSerialization;

/** The failure answer of a simulated API server: a {@code Status} object, as a real one sends. */
final class StatusResponses {

  private StatusResponses() {}

  static MockResponse failure(int code, String reason, String message) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(
            SharedSerialization.INSTANCE.asJson(
                new StatusBuilder()
                    .withStatus("Failure")
                    .withCode(code)
                    .withReason(reason)
                    .withMessage(message)
                    .build()));
  }
}
