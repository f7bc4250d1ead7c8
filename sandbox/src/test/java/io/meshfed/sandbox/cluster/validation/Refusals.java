package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Assertions on the answers of the API server. */
final class Refusals {

  private Refusals() {}

  /** The causes of a 422 answer as {@code field: reason: message}. */
  static List<String> causes(ApiServerFixture.Answer answer) {
    assertThat(answer.code()).as(answer.body()).isEqualTo(422);
    List<String> out = new ArrayList<>();
    for (JsonNode cause : answer.json().path("details").path("causes")) {
      out.add(
          cause.path("field").asText()
              + ": "
              + cause.path("reason").asText()
              + ": "
              + cause.path("message").asText());
    }
    return out;
  }

  /** The fields named by the causes of a 422 answer. */
  static List<String> fields(ApiServerFixture.Answer answer) {
    assertThat(answer.code()).as(answer.body()).isEqualTo(422);
    List<String> out = new ArrayList<>();
    answer.json().path("details").path("causes").forEach(c -> out.add(c.path("field").asText()));
    return out;
  }

  static String message(ApiServerFixture.Answer answer) {
    return answer.json().path("message").asText();
  }
}
