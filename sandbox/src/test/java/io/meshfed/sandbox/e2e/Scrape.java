package io.meshfed.sandbox.e2e;

import io.meshfed.sandbox.HttpProbe;
import java.io.IOException;
import java.net.URI;

/**
 * A scrape of a service's {@code /q/metrics} on its management interface (Prometheus text format).
 */
record Scrape(String text) {

  static Scrape of(URI base) throws IOException {
    return new Scrape(HttpProbe.text(base.resolve("/q/metrics")));
  }

  /** The sum of every sample of a metric (all label sets); 0 when it has none. */
  double sum(String metric) {
    return sum(metric, "");
  }

  /**
   * The sum of the samples of a metric whose labels hold {@code label} (e.g. {@code
   * outcome="duplicate"}); 0 when it has none.
   */
  double sum(String metric, String label) {
    double sum = 0;
    for (String line : text.split("\\R")) {
      if ((line.startsWith(metric + "{") || line.startsWith(metric + " "))
          && (label.isEmpty() || line.contains(label))) {
        String[] parts = line.trim().split("\\s+");
        sum += Double.parseDouble(parts[parts.length - 1]);
      }
    }
    return sum;
  }
}
