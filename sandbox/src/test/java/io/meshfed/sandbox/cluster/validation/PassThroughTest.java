package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the dispatcher leaves to the store: reads, deletes, other kinds' bodies, query params. */
class PassThroughTest {

  private static final String MAPS = "/api/v1/namespaces/default/configmaps";
  private static ApiServerFixture api;

  @BeforeAll
  static void start() {
    api = ApiServerFixture.start();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    api.reached();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void queryParametersAndDeletesReachTheStoreAsSent() {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"q\"}}";

    assertThat(api.post(MAPS + "?fieldManager=meshfed&dryRun=All", body).code()).isEqualTo(201);
    assertThat(api.send("DELETE", MAPS + "/q", null, null).code()).isEqualTo(200);

    assertThat(api.reached())
        .extracting(ApiServerFixture.Reached::method, ApiServerFixture.Reached::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("POST", MAPS + "?fieldManager=meshfed&dryRun=All"),
            org.assertj.core.groups.Tuple.tuple("DELETE", MAPS + "/q"));
  }

  @Test
  void aJsonPatchAddingToAMissingMapFailsAsRfc6902Says() {
    assertThat(
            api.post(
                    MAPS,
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"p\"}}")
                .code())
        .isEqualTo(201);
    api.reached();

    ApiServerFixture.Answer missing =
        api.jsonPatch(
            MAPS + "/p", "[{\"op\":\"add\",\"path\":\"/metadata/labels/a\",\"value\":\"b\"}]");
    assertThat(missing.code()).isEqualTo(422);
    assertThat(api.reached()).isEmpty();

    String ops =
        "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{}},"
            + "{\"op\":\"add\",\"path\":\"/metadata/labels/a\",\"value\":\"b\"}]";
    assertThat(api.jsonPatch(MAPS + "/p", ops).code()).isEqualTo(202);
    assertThat(api.reached()).singleElement().satisfies(r -> assertThat(r.body()).isEqualTo(ops));
    assertThat(api.get(MAPS + "/p").at("/metadata/labels/a").asText()).isEqualTo("b");
  }

  @Test
  void kindsWithoutRulesGetTheirMetadataChecked() {
    String lease =
        "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"l\","
            + "\"labels\":{\"bad key\":\"v\"}}}";

    ApiServerFixture.Answer answer =
        api.post("/apis/coordination.k8s.io/v1/namespaces/default/leases", lease);

    assertThat(Refusals.fields(answer)).containsExactly("metadata.labels");
    assertThat(Refusals.message(answer)).startsWith("Lease.coordination.k8s.io \"l\" is invalid:");
  }

  @Test
  void protobufAndStrategicMergePatchesAreLeftToTheStore() {
    assertThat(
            api.send("PATCH", MAPS + "/none", "application/strategic-merge-patch+json", "{}")
                .code())
        .isEqualTo(404);
    assertThat(api.reached()).hasSize(1);
  }
}
