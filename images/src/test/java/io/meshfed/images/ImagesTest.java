package io.meshfed.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshfed.kafka.EmbeddedKafka;
import io.meshfed.kafka.MeshfedTopics;
import io.meshfed.security.jwt.DevTokens;
import io.meshfed.security.sign.SigningKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Builds the hub's and the agent's images twice from the services' built fast-jars, each time from
 * nothing (a fresh base: jlink runtime and Debian files), and checks that the two builds are the
 * same to the byte, that the archives are OCI image layouts a runtime can read, that the images run
 * as a non-root user with the fast-jar's layers, and that the hub's image, unpacked and started by
 * its own entrypoint in a chroot, becomes ready against a real broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagesTest {

  private static final String VERSION = System.getProperty("meshfed.version", "0.0.0-test");
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path FIRST = TARGET.resolve("images-test/first");
  private static final Path SECOND = TARGET.resolve("images-test/second");

  private final Map<ServiceImage, String> firstDigests = new HashMap<>();
  private final Map<ServiceImage, String> secondDigests = new HashMap<>();
  private final Map<ServiceImage, OciArchive> opened = new HashMap<>();
  private EmbeddedKafka kafka;

  @BeforeAll
  void buildTwice() throws IOException {
    BaseLayers.deleteRecursively(TARGET.resolve("images-test"));
    build(FIRST, firstDigests);
    build(SECOND, secondDigests);
  }

  @AfterAll
  void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static void build(Path dir, Map<ServiceImage, String> digests) throws IOException {
    ImageBuilder builder = new ImageBuilder(dir.resolve("work"), Optional.empty());
    for (ServiceImage image : ServiceImage.ALL) {
      digests.put(image, builder.build(image, app(image), VERSION, dir.resolve("out")));
    }
  }

  private static Path app(ServiceImage image) {
    String property = image == ServiceImage.HUB ? "meshfed.hub.app" : "meshfed.agent.app";
    return Path.of(System.getProperty(property));
  }

  private static Path archive(Path dir, ServiceImage image) {
    return dir.resolve("out").resolve(image.archiveName(VERSION));
  }

  @Test
  void theSameSourcesGiveTheSameDigestAndTheSameBytes() throws IOException {
    for (ServiceImage image : ServiceImage.ALL) {
      assertThat(firstDigests.get(image)).startsWith("sha256:").isEqualTo(secondDigests.get(image));
      assertThat(Files.mismatch(archive(FIRST, image), archive(SECOND, image)))
          .as("%s: the two archives differ", image.name())
          .isEqualTo(-1L);
    }
    assertThat(firstDigests.get(ServiceImage.HUB))
        .isNotEqualTo(firstDigests.get(ServiceImage.AGENT));
  }

  @Test
  void eachArchiveIsAnOciLayoutOfANonRootImageWithItsPortsAndEntrypoint() throws IOException {
    for (ServiceImage image : ServiceImage.ALL) {
      OciArchive oci = open(image);
      assertThat(oci.index.path("schemaVersion").asInt()).isEqualTo(2);
      assertThat(oci.manifestDigest()).isEqualTo(firstDigests.get(image));
      assertThat(oci.refName()).isEqualTo("meshfed/" + image.name() + ":" + VERSION);
      assertThat(oci.manifest.path("mediaType").asText())
          .isEqualTo("application/vnd.oci.image.manifest.v1+json");
      assertThat(oci.config.path("os").asText()).isEqualTo("linux");
      assertThat(oci.config.path("created").asText()).startsWith("1970-01-01T00:00:00");

      String user = oci.runConfig().path("User").asText();
      assertThat(user).isEqualTo("65532:65532");
      assertThat(oci.entrypoint())
          .startsWith("/opt/java/openjdk/bin/java")
          .endsWith("-jar", "/deployments/quarkus-run.jar");
      List<String> ports = new ArrayList<>();
      oci.runConfig().path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
      assertThat(ports)
          .containsExactlyInAnyOrder(image.httpPort() + "/tcp", image.managementPort() + "/tcp");
      assertThat(oci.runConfig().path("WorkingDir").asText()).isEqualTo("/deployments");
    }
    assertThat(ServiceImage.HUB.httpPort()).isEqualTo(8080);
    assertThat(ServiceImage.HUB.managementPort()).isEqualTo(9000);
  }

  @Test
  void theBaseLayersAreSharedAndTheFastJarHasItsOwnLayers() throws IOException {
    OciArchive hub = open(ServiceImage.HUB);
    OciArchive agent = open(ServiceImage.AGENT);
    List<Path> hubLayers = hub.layers();
    List<Path> agentLayers = agent.layers();
    assertThat(hubLayers).hasSize(6);
    // debian, java, container files: the same blobs in both images.
    for (int i = 0; i < 3; i++) {
      assertThat(hubLayers.get(i).getFileName()).isEqualTo(agentLayers.get(i).getFileName());
    }
    assertThat(hub.layerEntries(0)).contains("lib/x86_64-linux-gnu/libc.so.6");
    assertThat(hub.layerEntries(0)).contains("var/lib/dpkg/status.d/libc6");
    assertThat(hub.layerEntries(1))
        .contains("opt/java/openjdk/bin/java", "opt/java/openjdk/lib/modules");
    assertThat(hub.layerEntries(2)).contains("etc/passwd", "tmp/");
    assertThat(hub.layerEntries(3))
        .allMatch(
            p ->
                p.startsWith("deployments/lib/boot")
                    || p.equals("deployments/")
                    || p.equals("deployments/lib/"));
    assertThat(hub.layerEntries(4))
        .anyMatch(p -> p.startsWith("deployments/lib/main/io.quarkus."))
        .noneMatch(p -> p.startsWith("deployments/lib/main/io.meshfed."));
    assertThat(hub.layerEntries(5))
        .contains("deployments/quarkus-run.jar")
        .anyMatch(p -> p.startsWith("deployments/app/"))
        .anyMatch(p -> p.startsWith("deployments/quarkus/"))
        .anyMatch(p -> p.startsWith("deployments/lib/main/io.meshfed."));
  }

  @Test
  void theHubImageStartsByItsEntrypointAndBecomesReadyAgainstABroker() throws Exception {
    assertThat(ChrootContainer.permitted())
        .as(
            "starting the image needs chroot and mount namespaces, that is root (the CI runs as"
                + " root); run the tests as root")
        .isTrue();
    OciArchive oci = open(ServiceImage.HUB);
    Path rootfs = TARGET.resolve("images-test/hub-rootfs");
    oci.unpack(rootfs);
    assertThat(rootfs.resolve("opt/java/openjdk/bin/java")).isExecutable();

    // What a Deployment mounts: the token signer's key, the hub's signing key, the request signers,
    // a writable volume for the root CAs.
    Path config = Files.createDirectories(rootfs.resolve("etc/meshfed"));
    DevTokens tokens = DevTokens.generate();
    tokens.writePublicKeyPem(config.resolve("jwt-public.pem"));
    Files.writeString(
        config.resolve("hub-signing-key.pem"),
        SigningKeys.privateKeyToPem(SigningKeys.generate().getPrivate()));
    String signer = SigningKeys.encodePublicKey(SigningKeys.generate().getPublic());
    Files.writeString(
        config.resolve("request-signers.json"),
        "[{\"name\": \"platform-team\", \"publicKey\": \""
            + signer
            + "\", \"groups\": [\"mesh-admin\"]}]\n");
    Path ca = Files.createDirectories(rootfs.resolve("var/lib/meshfed/ca"));
    OciArchive.run(List.of("chown", "-R", "65532:65532", ca.toString()));
    OciArchive.run(List.of("chmod", "-R", "a+r", config.toString()));

    kafka = EmbeddedKafka.start(TARGET.resolve("kafka"));
    try (var admin = kafka.admin()) {
      MeshfedTopics.create(admin);
    }
    int httpPort = freePort();
    int managementPort = freePort();
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/etc/meshfed/jwt-public.pem");
    env.put("MP_JWT_VERIFY_ISSUER", "https://images-test.meshfed.io");
    env.put("MESHFED_HUB_CA_DIR", "/var/lib/meshfed/ca");
    env.put("MESHFED_HUB_SIGNING_KEY_FILE", "/etc/meshfed/hub-signing-key.pem");
    env.put("MESHFED_HUB_REQUEST_SIGNERS_FILE", "/etc/meshfed/request-signers.json");
    env.put("JAVA_TOOL_OPTIONS", "-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready");
    try (ChrootContainer hub =
        ChrootContainer.start(oci, rootfs, env, TARGET.resolve("images-test/hub.log"))) {
      String body = awaitReady(http, ready, hub);
      assertThat(body).contains("\"status\": \"UP\"");
      // The API answers on its own port, and refuses a call without a token.
      HttpResponse<String> meshes =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/meshes"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(meshes.statusCode()).isEqualTo(401);
      // Its JVM runs as the image's user, not as root.
      assertThat(hub.entrypointUid()).isEqualTo("65532");
    }
  }

  private static String awaitReady(HttpClient http, URI ready, ChrootContainer container)
      throws Exception {
    String[] last = {"no answer"};
    try {
      return await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                if (!container.alive()) {
                  throw new AssertionError(
                      "the container ended:\n" + Files.readString(container.log));
                }
                try {
                  HttpResponse<String> r =
                      http.send(
                          HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                          HttpResponse.BodyHandlers.ofString());
                  last[0] = r.statusCode() + " " + r.body();
                  return r.statusCode() == 200 ? r.body() : null;
                } catch (IOException e) {
                  last[0] = e.toString();
                  return null;
                }
              },
              body -> body != null);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "not ready within 120 s (" + last[0] + "):\n" + Files.readString(container.log), e);
    }
  }

  private OciArchive open(ServiceImage image) throws IOException {
    OciArchive oci = opened.get(image);
    if (oci == null) {
      oci =
          OciArchive.open(
              archive(FIRST, image), TARGET.resolve("images-test/oci").resolve(image.name()));
      opened.put(image, oci);
    }
    return oci;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
