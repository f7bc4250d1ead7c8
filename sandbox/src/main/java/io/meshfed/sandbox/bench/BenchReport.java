package io.meshfed.sandbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Renders benchmark results as {@code docs/benchmarks.md}: the machine, the date, the numbers. */
final class BenchReport {

  /** The topics the hub writes (the request topic is written by the REST caller's request). */
  private static final List<String> HUB_WRITES =
      List.of("meshfed.desired.v1", "meshfed.meshes.v1", "meshfed.events.v1");

  /** The generated part of the report lies between these; what follows the end is kept. */
  static final String BEGIN = "<!-- bench results: written by bin/meshfed-bench -->";

  static final String END = "<!-- end of bench results -->";

  private BenchReport() {}

  static String render(List<BenchResult> results, int changes) {
    StringBuilder md = new StringBuilder();
    md.append(BEGIN)
        .append("\n# Benchmarks\n\n")
        .append("Measured with `bin/meshfed-bench`: the sandbox (a real Kafka broker in the")
        .append(
            " sandbox's JVM, the hub and the agents as their own JVM processes with small heaps")
        .append(" and `-XX:TieredStopAtLevel=1`, one simulated")
        .append(" cluster per member) with N generated clusters: a primary per ten clusters")
        .append(" serving the nine after it, every cluster on a network of its own. Up to five")
        .append(" clusters run one agent process each; above, one hosted-mode agent serves them")
        .append(" all.\n\n")
        .append("- Date: ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append("\n- Machine: ")
        .append(machine())
        .append("\n\n");
    md.append(
            "| N | agent processes | first request → converged | address change → every primary's `Istio` (median / p99 of ")
        .append(changes)
        .append(
            ") | records per address change | records per cluster update | hub heap | agent heap (per cluster) | load at start |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
    for (BenchResult r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.2f s | %.0f ms / %.0f ms | %s | %s | %.0f MiB | %.0f MiB (%.1f MiB) | %.1f |%n",
              r.clusters(),
              r.agentProcesses(),
              r.secondsToConverge(),
              percentile(r.addressChangeMillis(), 50),
              percentile(r.addressChangeMillis(), 99),
              records(r.recordsPerAddressChange()),
              records(r.recordsPerClusterUpdate()),
              r.hubHeapMib(),
              r.agentHeapMib(),
              r.agentHeapMib() / r.clusters(),
              r.loadAverage()));
    }
    md.append(
        """

        Records are counted on `meshfed.requests.v1`, `meshfed.desired.v1`, `meshfed.meshes.v1`,
        `meshfed.events.v1` and `meshfed.status.v1` from the change until the mesh converged again;
        status heartbeats (a report that repeats the cluster's previous one) are left out. The
        columns give the median and, in brackets, the largest count, then how many of them the hub
        wrote (desired, meshes, events), then the median per topic. An
        address change is a cluster's load balancer moving its east-west gateway to another address;
        a cluster update is a `PUT` of one member with a new gateway placement. Heap is the used heap
        (`jvm_memory_used_bytes{area="heap"}`) after the run, without a forced collection. The
        load at start is the machine's one-minute load average when the run began: other work on
        the machine slows the runs down.

        Targets on a 2-core machine: N=100 converges in under 15 s; an address change reaches every
        primary in under 1 s at p99; a single-cluster change costs at most 3 records.
        """);
    return md.append(END).append('\n').toString();
  }

  /** Writes the results, keeping whatever an existing report has after its results. */
  static void write(Path file, String results) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    String kept = "";
    if (Files.isRegularFile(file)) {
      String old = Files.readString(file);
      int end = old.indexOf(END);
      if (end >= 0) {
        kept = old.substring(end + END.length()).replaceFirst("^\\R", "");
      }
    }
    Files.writeString(file, results + kept);
  }

  private static String records(List<Map<String, Integer>> perChange) {
    if (perChange.isEmpty()) {
      return "-";
    }
    List<Double> totals = new ArrayList<>();
    for (Map<String, Integer> counts : perChange) {
      totals.add((double) counts.values().stream().mapToInt(Integer::intValue).sum());
    }
    List<Double> hub = new ArrayList<>();
    for (Map<String, Integer> counts : perChange) {
      hub.add((double) HUB_WRITES.stream().mapToInt(t -> counts.getOrDefault(t, 0)).sum());
    }
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%.0f (%.0f), hub %.0f: ",
                percentile(totals, 50),
                totals.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                percentile(hub, 50)));
    List<String> parts = new ArrayList<>();
    for (String topic : perChange.get(0).keySet()) {
      List<Double> values = perChange.stream().map(c -> (double) c.get(topic)).toList();
      double median = percentile(values, 50);
      if (median > 0) {
        parts.add(
            String.format(
                Locale.ROOT, "%s %.0f", topic.replace("meshfed.", "").replace(".v1", ""), median));
      }
    }
    return s.append(parts.isEmpty() ? "none" : String.join(", ", parts)).toString();
  }

  /** The nearest-rank percentile of the values. */
  static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static String machine() {
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    String memory =
        firstValue(Path.of("/proc/meminfo"), "MemTotal")
            .map(
                v ->
                    String.format(
                        Locale.ROOT, "%.0f GiB", Long.parseLong(v.split("\\s+")[0]) / 1048576.0))
            .orElse("unknown memory");
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %s, %s %s, Java %s",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        memory,
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.version"));
  }

  private static java.util.Optional<String> firstValue(Path file, String key) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .filter(l -> l.startsWith(key))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
