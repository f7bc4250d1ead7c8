package io.meshfed.hub.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.meshfed.hub.support.DevTokensProfile;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A hub given a DevTokens public key file accepts the tokens DevTokens mints, and no others. */
@QuarkusTest
@TestProfile(DevTokensProfile.class)
@Order(7)
class DevTokensTest extends HubFixture {

  @Test
  void devTokenOfAMeshAdminDeclaresAMesh() {
    given()
        .auth()
        .oauth2(System.getProperty(DevTokensProfile.TOKEN))
        .contentType(ContentType.JSON)
        .body("{\"istioVersion\":\"v1.28.1\"}")
        .put("/api/v1/meshes/dev-a")
        .then()
        .statusCode(202)
        .body("meshId", equalTo("dev-a"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/meshes")
        .then()
        .statusCode(401)
        .body("reason", equalTo("InvalidToken"));
  }
}
