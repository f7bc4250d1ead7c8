package io.meshfed.hub.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.meshfed.events.Topics;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /api/v1} call needs a bearer JWT: viewer reads, mesh-admin reads and writes; a
 * refusal says why in JSON. Health, metrics and OpenAPI stay open.
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
    given().get("/q/health/live").then().statusCode(200);
    given().auth().oauth2("not.a.jwt").get("/q/health/ready").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("components.securitySchemes", hasKey("SecurityScheme"));
  }
}
