package io.meshfed.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the OCI image archive of a service with Jib, from its Quarkus fast-jar ({@code
 * target/quarkus-app/}): on the base assembled here ({@link BaseLayers}), or on a public base image
 * named by the caller (a release build: {@code eclipse-temurin:17-jre@sha256:...}, whose runtime is
 * at the same {@value BaseLayers#JAVA_HOME}).
 *
 * <p>The fast-jar goes in three layers, from the least to the most often changed, as Quarkus's
 * container-image-jib extension lays it out: {@code lib/boot/}, the third-party jars of {@code
 * lib/main/}, then the application ({@code quarkus-run.jar}, {@code quarkus/}, {@code app/} and
 * meshfed's own jars). Jib writes every file with a fixed time, owner and order and the image with
 * the epoch as its creation time, so the same inputs give the same digest.
 */
public final class ImageBuilder {

  /** Where the fast-jar goes, as in Quarkus's own images. */
  public static final String APP_DIR = "/deployments";

  private static final String OWN_JARS_PREFIX = "io.meshfed.";

  private final Path workDir;
  private final Optional<String> publicBase;
  private List<FileEntriesLayer> baseLayers;
  private String baseDescription;

  /**
   * @param workDir where the base and Jib's caches are written
   * @param publicBase a public base image to build on instead of the one assembled here
   */
  public ImageBuilder(Path workDir, Optional<String> publicBase) {
    this.workDir = workDir;
    this.publicBase = publicBase;
  }

  /**
   * The entrypoint of every image: the runtime's {@code java} on the fast-jar. JVM options go in
   * {@code JAVA_TOOL_OPTIONS}, which the JVM reads before these.
   */
  public static List<String> entrypoint() {
    return List.of(
        BaseLayers.JAVA,
        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
        "-jar",
        APP_DIR + "/quarkus-run.jar");
  }

  /**
   * Writes {@code out/<name>-<version>.tar}, an OCI image archive named {@code
   * meshfed/<name>:<version>}.
   *
   * @return the image's manifest digest, {@code sha256:...}
   */
  public String build(ServiceImage image, Path quarkusApp, String version, Path out)
      throws IOException {
    if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
      throw new IOException(
          quarkusApp + " holds no quarkus-run.jar: build the services first (mvn package)");
    }
    JibContainerBuilder builder = base();
    builder.setFormat(ImageFormat.OCI);
    appLayers(quarkusApp).forEach(builder::addFileEntriesLayer);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JAVA_HOME", BaseLayers.JAVA_HOME);
    env.put("PATH", BaseLayers.JAVA_HOME + "/bin:/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "C.UTF-8");
    // Read by the JVM itself (there is no shell): a chart's javaOptions replace it.
    env.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75.0");
    builder
        .setEnvironment(env)
        .setEntrypoint(entrypoint())
        .setProgramArguments(List.of())
        .setWorkingDirectory(AbsoluteUnixPath.get(APP_DIR))
        .setUser(BaseLayers.NONROOT + ":" + BaseLayers.NONROOT)
        .setExposedPorts(Port.tcp(image.httpPort()), Port.tcp(image.managementPort()))
        .addLabel("org.opencontainers.image.title", image.title())
        .addLabel("org.opencontainers.image.version", version)
        .addLabel("org.opencontainers.image.base.name", baseDescription);
    Files.createDirectories(out);
    Path archive = out.resolve(image.archiveName(version));
    try {
      Containerizer containerizer =
          Containerizer.to(TarImage.at(archive).named(image.reference(version)))
              .setBaseImageLayersCache(workDir.resolve("jib-cache/base"))
              .setApplicationLayersCache(workDir.resolve("jib-cache/app"))
              .setOfflineMode(publicBase.isEmpty())
              .setToolName("meshfed-images");
      JibContainer container = builder.containerize(containerizer);
      return container.getDigest().toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while building " + archive, e);
    } catch (Exception e) {
      throw new IOException("cannot build " + archive + ": " + e.getMessage(), e);
    }
  }

  private JibContainerBuilder base() throws IOException {
    if (publicBase.isPresent()) {
      try {
        baseDescription = publicBase.get();
        return Jib.from(RegistryImage.named(publicBase.get()));
      } catch (Exception e) {
        throw new IOException("not an image reference: " + publicBase.get(), e);
      }
    }
    if (baseLayers == null) {
      baseLayers = new BaseLayers(workDir.resolve("base")).build();
      baseDescription =
          "scratch + jlink runtime of Java "
              + Runtime.version().feature()
              + " + Debian "
              + BaseLayers.debianPackageVersions();
    }
    JibContainerBuilder builder = Jib.fromScratch();
    builder.setPlatforms(Set.of(new Platform(architecture(), "linux")));
    baseLayers.forEach(builder::addFileEntriesLayer);
    return builder;
  }

  static List<FileEntriesLayer> appLayers(Path app) throws IOException {
    FileEntriesLayer.Builder boot = FileEntriesLayer.builder().setName("fast-jar-boot-lib");
    FileEntriesLayer.Builder libs = FileEntriesLayer.builder().setName("fast-jar-main-lib");
    FileEntriesLayer.Builder application = FileEntriesLayer.builder().setName("fast-jar-app");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(app)) {
      walk.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    for (Path file : files) {
      String rel = app.relativize(file).toString().replace('\\', '/');
      AbsoluteUnixPath target = AbsoluteUnixPath.get(APP_DIR + "/" + rel);
      FileEntriesLayer.Builder layer;
      if (rel.startsWith("lib/boot/")) {
        layer = boot;
      } else if (rel.startsWith("lib/main/") && !rel.startsWith("lib/main/" + OWN_JARS_PREFIX)) {
        layer = libs;
      } else {
        layer = application;
      }
      layer.addEntry(file, target, BaseLayers.permissionsOf(file));
    }
    return List.of(boot.build(), libs.build(), application.build());
  }

  private static String architecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }
}
