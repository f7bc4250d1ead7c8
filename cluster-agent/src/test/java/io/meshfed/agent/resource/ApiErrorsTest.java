package io.meshfed.agent.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

  @Test
  void theApiServersReasonIsTakenAsItIs() {
    KubernetesClientException e =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("spec.ports: Required value")
                .build());
    assertThat(ApiErrors.reason(e)).isEqualTo("Invalid");
    assertThat(ApiErrors.message(e)).isEqualTo("spec.ports: Required value");
  }

  @Test
  void withoutAReasonTheHttpCodeNamesIt() {
    assertThat(ApiErrors.reason(new KubernetesClientException("no", 403, null)))
        .isEqualTo("Forbidden");
    assertThat(ApiErrors.reason(new KubernetesClientException("no", 502, null)))
        .isEqualTo("ServerError");
    assertThat(ApiErrors.reason(new KubernetesClientException("connection refused")))
        .isEqualTo(ApiErrors.UNREACHABLE);
  }
}
