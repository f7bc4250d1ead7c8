package io.meshfed.images;

import java.util.List;

/**
 * One meshfed service as an image.
 *
 * @param name the image's name without registry and tag, e.g. {@code meshfed-hub}; the archive is
 *     {@code <name>-<version>.tar}
 * @param title what the service is, for the image's {@code org.opencontainers.image.title}
 * @param httpPort the port of its API ({@code quarkus.http.port})
 * @param managementPort the port of its management interface ({@code quarkus.management.port}:
 *     {@code /q/health}, {@code /q/metrics})
 */
public record ServiceImage(String name, String title, int httpPort, int managementPort) {

  /** The repository the images are named under, and the charts' default. */
  public static final String REPOSITORY_PREFIX = "meshfed/";

  public static final ServiceImage HUB = new ServiceImage("meshfed-hub", "meshfed hub", 8080, 9000);

  public static final ServiceImage AGENT =
      new ServiceImage("meshfed-agent", "meshfed cluster agent", 8081, 9001);

  public static final List<ServiceImage> ALL = List.of(HUB, AGENT);

  /** {@code meshfed/<name>:<version>}, the reference the archive carries. */
  public String reference(String version) {
    return REPOSITORY_PREFIX + name + ":" + version;
  }

  /** {@code <name>-<version>.tar}. */
  public String archiveName(String version) {
    return name + "-" + version + ".tar";
  }
}
