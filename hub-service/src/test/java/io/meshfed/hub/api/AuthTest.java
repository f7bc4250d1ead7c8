package io.meshfed.hub.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.meshfed.events.Topics;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Management;
import io.meshfed.hub.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /api/v1} call needs a bearer JWT: viewer reads, mesh-admin reads and writes, each
 * for every mesh or, as viewer:<mesh> and mesh-admin:<mesh>, for one; a refusal says why in JSON.
 * Health, metrics and OpenAPI stay open.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(2)
class AuthTest extends HubFixture {

  private static final String MESH = "{\"istioVersion\":\"v1.28.1\"}";

  @Test
  void withoutATokenEveryCallIs401WithAJsonReason() {
    given()
        .contentType(ContentType.JSON)
        .body(MESH)
        .put("/api/v1/meshes/auth-a")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .contentType(ContentType.JSON)
        .body("reason", equalTo("Unauthenticated"))
        .body("message", containsString("Authorization: Bearer"));
    given().get("/api/v1/meshes").then().statusCode(401).body("reason", equalTo("Unauthenticated"));
    given().delete("/api/v1/meshes/auth-a/clusters/c1").then().statusCode(401);
    Assertions.assertThat(sent(Topics.EVENTS, r -> "auth-a".equals(r.key()))).isEmpty();
  }

  @Test
  void aTokenTheHubDoesNotTrustIs401() {
    given()
        .auth()
        .oauth2(TestTokens.signedByAStranger())
        .get("/api/v1/meshes")
        .then()
        .statusCode(401)
        .body("reason", equalTo("InvalidToken"));
    given()
        .auth()
        .oauth2("not.a.jwt")
        .get("/api/v1/meshes")
        .then()
        .statusCode(401)
        .body("reason", equalTo("InvalidToken"));
  }

  @Test
  void viewerReadsButCannotWrite() {
    given()
        .auth()
        .oauth2(TestTokens.viewer())
        .contentType(ContentType.JSON)
        .body(MESH)
        .put("/api/v1/meshes/auth-b")
        .then()
        .statusCode(403)
        .contentType(ContentType.JSON)
        .body("reason", equalTo("Forbidden"))
        .body("message", containsString("mesh-admin"));
    given()
        .auth()
        .oauth2(TestTokens.viewer())
        .delete("/api/v1/meshes/auth-b/clusters/c1")
        .then()
        .statusCode(403);
    given().auth().oauth2(TestTokens.viewer()).get("/api/v1/meshes").then().statusCode(200);
    given()
        .auth()
        .oauth2(TestTokens.viewer())
        .get("/api/v1/meshes/auth-b")
        .then()
        .statusCode(404)
        .body("reason", equalTo("MeshNotFound"));
  }

  @Test
  void adminWritesAndReads() {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(MESH)
        .put("/api/v1/meshes/auth-c")
        .then()
        .statusCode(202)
        .body("meshId", equalTo("auth-c"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/meshes/auth-c")
        .then()
        .statusCode(200)
        .body("meshId", equalTo("auth-c"));
  }

  @Test
  void anAdminOfOneMeshWritesItAndIsForbiddenAnotherAndIsNamedAsActor() {
    String teamD = TestTokens.of("team-d@example.com", "mesh-admin:auth-d");
    given()
        .auth()
        .oauth2(teamD)
        .contentType(ContentType.JSON)
        .body(MESH)
        .put("/api/v1/meshes/auth-e")
        .then()
        .statusCode(403)
        .contentType(ContentType.JSON)
        .body("reason", equalTo("Forbidden"))
        .body("field", equalTo("meshId"))
        .body("message", containsString("mesh-admin:auth-e"));
    given()
        .auth()
        .oauth2(teamD)
        .delete("/api/v1/meshes/auth-e/clusters/c1")
        .then()
        .statusCode(403)
        .body("message", containsString("'auth-e'"));
    Assertions.assertThat(sent(Topics.EVENTS, r -> "auth-e".equals(r.key()))).isEmpty();

    String requestId =
        given()
            .auth()
            .oauth2(teamD)
            .contentType(ContentType.JSON)
            .body(MESH)
            .put("/api/v1/meshes/auth-d")
            .then()
            .statusCode(202)
            .body("meshId", equalTo("auth-d"))
            .extract()
            .path("requestId");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                Assertions.assertThat(sent(Topics.EVENTS, r -> "auth-d".equals(r.key())))
                    .filteredOn(r -> "io.meshfed.event.request.accepted.v1".equals(r.ceType()))
                    .extracting(r -> r.as(RequestAccepted.class))
                    .singleElement()
                    .satisfies(
                        a -> {
                          Assertions.assertThat(a.requestId()).isEqualTo(requestId);
                          Assertions.assertThat(a.actor()).isEqualTo("team-d@example.com");
                        }));
    given().auth().oauth2(teamD).get("/api/v1/meshes/auth-d").then().statusCode(200);
  }

  @Test
  void aViewerOfOneMeshSeesThatMeshOnly() {
    adminDeclares("auth-f");
    adminDeclares("auth-g");
    String viewerF = TestTokens.withGroups("viewer:auth-f");
    given()
        .auth()
        .oauth2(viewerF)
        .get("/api/v1/meshes")
        .then()
        .statusCode(200)
        .body("meshes.meshId", contains("auth-f"));
    given().auth().oauth2(viewerF).get("/api/v1/meshes/auth-f").then().statusCode(200);
    given()
        .auth()
        .oauth2(viewerF)
        .get("/api/v1/meshes/auth-g")
        .then()
        .statusCode(403)
        .body("reason", equalTo("Forbidden"))
        .body("message", containsString("viewer:auth-g"));
    given()
        .auth()
        .oauth2(viewerF)
        .contentType(ContentType.JSON)
        .body(MESH)
        .put("/api/v1/meshes/auth-f")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(TestTokens.viewer())
        .get("/api/v1/meshes")
        .then()
        .statusCode(200)
        .body("meshes.meshId", hasItem("auth-g"))
        .body("meshes.meshId", hasItem("auth-f"));
    given()
        .auth()
        .oauth2(TestTokens.withGroups("mesh-admin:auth-g"))
        .get("/api/v1/meshes")
        .then()
        .statusCode(200)
        .body("meshes.meshId", not(hasItem("auth-f")))
        .body("meshes.meshId", hasItem("auth-g"));
  }

  private static void adminDeclares(String mesh) {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(MESH)
        .put("/api/v1/meshes/" + mesh)
        .then()
        .statusCode(202);
  }

  @Test
  void tokenWithoutAnyRoleOfTheApiIs403() {
    given()
        .auth()
        .oauth2(TestTokens.withGroups("auditor"))
        .get("/api/v1/meshes")
        .then()
        .statusCode(403)
        .body("reason", equalTo("Forbidden"));
  }

  @Test
  void healthMetricsAndOpenApiStayOpenEvenWithABadToken() {
    given().get(Management.url("/health/live")).then().statusCode(200);
    given().auth().oauth2("not.a.jwt").get(Management.url("/health/ready")).then().statusCode(200);
    given().get(Management.url("/metrics")).then().statusCode(200);
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("components.securitySchemes", hasKey("SecurityScheme"));
  }
}
