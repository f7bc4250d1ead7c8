package io.meshfed.sandbox.bench;

import io.meshfed.sandbox.HttpProbe;
import java.io.IOException;
import java.net.URI;

/**
 * Reads figures off a meshfed service's {@code /q/metrics} (the hub's or an agent's), given the
 * base URL of its management interface.
 */
final class ServiceMetrics {

  private ServiceMetrics() {}

  /** The used heap, from {@code jvm_memory_used_bytes{area="heap"}}, in MiB. */
  static double heapMib(URI base) throws IOException {
    return sum(base, "jvm_memory_used_bytes{", "area=\"heap\"") / (1024 * 1024);
  }

  /** The CPU time the process used, from {@code process_cpu_time_ns_total}, in seconds. */
  static double cpuSeconds(URI base) throws IOException {
    return sum(base, "process_cpu_time_ns_total", "") / 1e9;
  }

  /** The hub's last rebuild from the log, from {@code meshfed_hub_rebuild_seconds}; NaN if none. */
  static double rebuildSeconds(URI base) throws IOException {
    double seconds = sum(base, "meshfed_hub_rebuild_seconds", "");
    return seconds == 0 ? Double.NaN : seconds;
  }

  private static double sum(URI base, String prefix, String contains) throws IOException {
    double total = 0;
    for (String line : HttpProbe.text(base.resolve("/q/metrics")).split("\\R")) {
      if (line.startsWith(prefix) && line.contains(contains)) {
        String[] parts = line.trim().split("\\s+");
        total += Double.parseDouble(parts[parts.length - 1]);
      }
    }
    return total;
  }
}
