package io.meshfed.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP reads of a service's operational endpoints ({@code /q/health}, {@code /q/metrics}) on
 * its management interface.
 */
public final class HttpProbe {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpProbe() {}

  /**
   * Whether {@code <management>/q/health/ready} answers 200 (UP); false when nothing answers.
   *
   * @param management the base URL of the service's management interface
   */
  public static boolean ready(URI management) {
    try {
      return get(management.resolve("/q/health/ready")).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The body of {@code GET url}; throws unless the answer is 200. */
  public static String text(URI url) throws IOException {
    HttpResponse<String> r = get(url);
    if (r.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static HttpResponse<String> get(URI url) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: GET " + url, e);
    }
  }
}
