package io.meshfed.hub.support;

import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The hub's management interface ({@code /q/health}, {@code /q/metrics}), which listens on a port
 * of its own, apart from the API.
 */
public final class Management {

  private Management() {}

  /**
   * The URL of an endpoint of the management interface, e.g. {@code /health/ready} for {@code
   * http://localhost:<management port>/q/health/ready}.
   */
  public static String url(String endpoint) {
    return ConfigProvider.getConfig().getValue("test.management.url", String.class) + endpoint;
  }

  /** The hub's metrics in the Prometheus text format. */
  public static String metrics() {
    return RestAssured.get(url("/metrics")).then().statusCode(200).extract().asString();
  }
}
