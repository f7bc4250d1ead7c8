package io.meshfed.hub.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.hub.support.InMemoryProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document in the repository, {@code docs/openapi.yaml}, is the one the hub serves at
 * {@code /q/openapi}: the resources' annotations are its only source, and the file is their output,
 * kept so that the API can be read and reviewed without running the hub.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class OpenApiDocumentTest {

  /** The committed document, from the hub-service module's directory. */
  static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");

  /** Set to true to write what the hub serves to {@link #DOCUMENT} instead of comparing. */
  static final String REGENERATE = "meshfed.openapi.regenerate";

  @Test
  void theCommittedDocumentIsWhatTheHubServes() throws IOException {
    String served =
        given()
            .accept("application/yaml")
            .when()
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(served).contains("/api/v1/meshes/{meshId}/clusters/{cluster}");

    if (Boolean.getBoolean(REGENERATE)) {
      Files.writeString(DOCUMENT, served, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(DOCUMENT)).as("%s exists", DOCUMENT.normalize()).isTrue();
    assertThat(Files.readString(DOCUMENT, StandardCharsets.UTF_8))
        .as(
            "docs/openapi.yaml is not what the hub serves at /q/openapi. After changing the API,"
                + " regenerate it from the hub-service module's annotations with: mvn -o verify -pl"
                + " hub-service -am -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dquarkus.http.test-port=0 -D"
                + REGENERATE
                + "=true, and review the diff")
        .isEqualTo(served);
  }
}
