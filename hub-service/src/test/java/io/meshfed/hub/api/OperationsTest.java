package io.meshfed.hub.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Phase;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Management;
import io.meshfed.hub.support.Records;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Health, the OpenAPI document and the metrics, as an operator reads them. */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(4)
class OperationsTest extends HubFixture {

  @Test
  void readinessReportsTheRebuildOfTheLog() {
    given()
        .get(Management.url("/health/ready"))
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("membership-log-rebuild"));
  }

  @Test
  void healthAndMetricsAreOnTheManagementPortAndNotOnTheApiPort() {
    given().get("/q/health/ready").then().statusCode(404);
    given().get("/q/health/live").then().statusCode(404);
    given().get("/q/metrics").then().statusCode(404);
    given().get(Management.url("/health/live")).then().statusCode(200);
    assertThat(Management.metrics()).contains("meshfed_hub_");
  }

  @Test
  void openApiIsOnTheApiPortForItsCallers() {
    given().queryParam("format", "json").get(Management.url("/openapi")).then().statusCode(404);
    given().queryParam("format", "json").get("/q/openapi").then().statusCode(200);
  }

  @Test
  void openApiListsEveryEndpointWithItsSchemas() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths", hasKey("/api/v1/meshes"))
        .body("paths", hasKey("/api/v1/meshes/{meshId}"))
        .body("paths", hasKey("/api/v1/meshes/{meshId}/clusters/{cluster}"))
        .body(
            "paths.'/api/v1/meshes/{meshId}'.put.requestBody.content.'application/json'.schema.$ref",
            equalTo("#/components/schemas/MeshSpec"))
        .body(
            "paths.'/api/v1/meshes/{meshId}/clusters/{cluster}'.put.requestBody.content.'application/json'.schema.$ref",
            equalTo("#/components/schemas/ClusterSpec"))
        .body(
            "paths.'/api/v1/meshes/{meshId}/clusters/{cluster}'.put.responses.'202'.content.'application/json'.schema.$ref",
            equalTo("#/components/schemas/Accepted"))
        .body(
            "paths.'/api/v1/meshes/{meshId}/clusters/{cluster}'.put.responses.'409'.content.'application/json'.schema.$ref",
            equalTo("#/components/schemas/Problem"))
        .body(
            "paths.'/api/v1/meshes/{meshId}/clusters/{cluster}'.delete.responses.'202'.content.'application/json'.schema.$ref",
            equalTo("#/components/schemas/Accepted"))
        .body(
            "paths.'/api/v1/meshes/{meshId}'.get.responses.'200'.content.'application/json'.schema.$ref",
            equalTo("#/components/schemas/Mesh"))
        .body(
            "paths.'/api/v1/meshes'.get.responses.'200'.content.'application/json'.schema.$ref",
            equalTo("#/components/schemas/MeshList"))
        .body("components.schemas.Cluster.properties", hasKey("eastWestAddress"))
        .body("components.schemas.MeshSpec.required", hasItem("istioVersion"));
  }

  @Test
  void metricsCountRequestsPhasesDeadLettersAndTimes() {
    declare("ops-a").statusCode(202);
    joinWithKey("ops-a", "o1", "{\"role\":\"PRIMARY\",\"network\":\"n1\"}").statusCode(202);
    joinWithKey("ops-a", "o2", "{\"role\":\"PRIMARY\",\"network\":\"n2\"}").statusCode(202);
    join("ops-a", "o3", "{\"role\":\"PRIMARY\"}").statusCode(400);
    sendStatus(Records.raw(Topics.STATUS, "o1", "[]", "io.meshfed.cluster.status.v1", "x"));
    sendStatus(
        Records.status(
            "o1",
            new ClusterStatus(
                "ops-a",
                "o1",
                Phase.READY,
                List.of(),
                1,
                3,
                List.of(GatewayAddress.ip("10.1.0.1")),
                "t",
                List.of(),
                null,
                Instant.now())));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              String metrics = Management.metrics();
              assertThat(metrics)
                  .contains("meshfed_hub_clusters{mesh=\"ops-a\",phase=\"Ready\"} 1.0")
                  .contains("meshfed_hub_clusters{mesh=\"ops-a\",phase=\"Pending\"} 1.0")
                  .contains("meshfed_hub_mesh_converged{mesh=\"ops-a\"} 0.0")
                  .contains("meshfed_hub_request_to_ready_seconds_count{mesh=\"ops-a\"} 1.0")
                  .contains(
                      "meshfed_hub_gateway_change_to_mesh_record_seconds_count{mesh=\"ops-a\"} 1.0")
                  .containsPattern(
                      "meshfed_hub_requests_total\\{outcome=\"rejected\",reason=\"NetworkRequired\"} [1-9]")
                  .containsPattern(
                      "meshfed_hub_requests_total\\{outcome=\"accepted\",reason=\"none\"} [1-9]")
                  .containsPattern("meshfed_hub_dlq_total\\{reason=\"InvalidValue\"} [1-9]")
                  .containsPattern("(?m)^meshfed_hub_rebuild_seconds [0-9.E-]+$")
                  .containsPattern("(?m)^meshfed_hub_rebuild_records [0-9.E]+$")
                  .containsPattern(
                      "meshfed_hub_records_published_total\\{topic=\"meshfed.desired.v1\"} [1-9]");
            });
  }
}
