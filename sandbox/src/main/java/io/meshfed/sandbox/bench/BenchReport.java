package io.meshfed.sandbox.bench;

import io.meshfed.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Renders benchmark results as {@code docs/benchmarks.md}: the commit, the machine, the date, the
 * numbers of every run, the targets met and missed, and where the hub's time went.
 */
final class BenchReport {

  /** The topics the hub writes. */
  static final List<String> HUB_WRITES =
      List.of(Topics.DESIRED, Topics.MESHES, Topics.CREDENTIALS, Topics.EVENTS);

  /** The largest record any run may write: a quarter of Kafka's default 1 MB limit. */
  static final int RECORD_BOUND = 256 * 1024;

  /** The generated part of the report lies between these; what follows the end is kept. */
  static final String BEGIN = "<!-- bench results: written by bin/meshfed-bench -->";

  static final String END = "<!-- end of bench results -->";

  private BenchReport() {}

  static String render(
      List<BenchResult> results, List<String> failures, int changes, String commit) {
    StringBuilder md = new StringBuilder();
    md.append(BEGIN)
        .append("\n# Benchmarks\n\n")
        .append("Written by `bin/meshfed-bench` from the code of commit `")
        .append(commit)
        .append("`.\n\n- Date: ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append("\n- Machine: ")
        .append(machine())
        .append("\n\n");
    md.append(
        """
        Two engines. **Sandbox**: a real Kafka broker in the bench's JVM, the hub and the agents
        as their own JVM processes (small heaps, `-XX:TieredStopAtLevel=1`, as
        `bin/meshfed-sandbox` runs them), one simulated cluster per member (strict API server,
        Sail operator, istiod, kubelet); up to five clusters run one agent process each, above
        that one hosted-mode agent serves them all. Converged means the hub says so **and** the
        reachability oracle finds every ordered pair of members reachable. **Fleet simulator**:
        the same broker and hub, every member's agent played at the protocol level in the bench's
        JVM (real keys, signed statuses, credentials really sealed for and opened by the mesh's
        primaries, no Kubernetes API); converged means the hub says so. An address change is a
        member's east-west load balancer moving to another address, timed until every primary of
        its mesh has it (its `Istio` CR in the sandbox, the mesh record it read in the fleet
        simulator); a cluster update is a REST `PUT` of one member with a new gateway placement.
        Records are counted from a change until the mesh converged again, status heartbeats left
        out. The hub runs with a Java Flight Recorder profile for the whole run.

        """);
    md.append("## Targets\n\n")
        .append("| target | measured | verdict |\n|---|---|---|\n")
        .append(targets(results))
        .append('\n');
    md.append("## Runs\n\n")
        .append(
            "| shape | engine | clusters (primaries) | first request → converged |"
                + " address change → every primary, median / p99 of ")
        .append(changes)
        .append(
            " | hub records per address change, median (max) | records per cluster update,"
                + " median | hub heap | CPU s: hub / agents / bench JVM | hub rebuild after"
                + " restart | load at start |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (BenchResult r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d (%d) | %s (%s) | %s / %s | %s | %s | %.0f MiB | %s |"
                  + " %s | %.1f |%n",
              r.shape(),
              r.engine()
                  + (r.agentProcesses() > 0 ? ", " + r.agentProcesses() + " agent processes" : ""),
              r.clusters(),
              r.primaries(),
              Double.isNaN(r.secondsToConverge())
                  ? "not converged"
                  : String.format(Locale.ROOT, "%.1f s", r.secondsToConverge()),
              r.convergedBy(),
              millis(percentile(r.addressChangeMillis(), 50)),
              millis(percentile(r.addressChangeMillis(), 99)),
              hubRecords(r.perAddressChange()),
              totalRecords(r.perClusterUpdate()),
              r.hubHeapMib(),
              cpu(r),
              Double.isNaN(r.hubRebuildSeconds())
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f s", r.hubRebuildSeconds()),
              r.loadAverage()));
    }
    md.append("\n## Records and bytes per change\n\n")
        .append("Medians per topic (records, bytes) of each change.\n\n")
        .append("| shape | change | ")
        .append(
            String.join(" | ", TopicWindow.COUNTED.stream().map(BenchReport::topicLabel).toList()))
        .append(" |\n|---|---|")
        .append("---|".repeat(TopicWindow.COUNTED.size()))
        .append('\n');
    for (BenchResult r : results) {
      md.append(perTopic(r.shape(), "address change", r.perAddressChange()));
      md.append(perTopic(r.shape(), "cluster update", r.perClusterUpdate()));
    }
    md.append("\n## Largest record per topic\n\n")
        .append("Over the whole run, heartbeats included, in bytes (bound: ")
        .append(RECORD_BOUND)
        .append(").\n\n| shape | ")
        .append(
            String.join(" | ", TopicWindow.COUNTED.stream().map(BenchReport::topicLabel).toList()))
        .append(" |\n|---|")
        .append("---|".repeat(TopicWindow.COUNTED.size()))
        .append('\n');
    for (BenchResult r : results) {
      md.append("| ").append(r.shape()).append(" |");
      for (String topic : TopicWindow.COUNTED) {
        md.append(' ').append(r.largestRecord().getOrDefault(topic, 0)).append(" |");
      }
      md.append('\n');
    }
    profiles(
        md,
        "Where the hub's time goes",
        "From the hub's flight recording of each run, until its restart: the share of"
            + " execution samples under each meshfed method (the innermost meshfed frame),"
            + " and in each leaf method.",
        results,
        BenchResult::hubProfile);
    profiles(
        md,
        "Where the bench's own time goes",
        "From the bench JVM's flight recording of each run, from the first request until the"
            + " hub's restart: the simulated clusters (API servers, Sail operator, istiod,"
            + " kubelet), the broker and the reachability oracle in the sandbox; the played"
            + " agents (sealing, opening, signing) in the fleet simulator. Same columns as"
            + " above.",
        results,
        BenchResult::benchProfile);
    if (!failures.isEmpty()) {
      md.append("\n## Failed runs\n\n");
      failures.forEach(f -> md.append("- ").append(f.replace('\n', ' ')).append('\n'));
    }
    md.append('\n');
    return md.append(END).append('\n').toString();
  }

  /** A section with one row per run: what one process's flight recording shows. */
  private static void profiles(
      StringBuilder md,
      String title,
      String intro,
      List<BenchResult> results,
      Function<BenchResult, HotMethods> profile) {
    md.append("\n## ").append(title).append("\n\n").append(intro).append("\n\n");
    md.append("| shape | samples | meshfed methods | leaf methods |\n|---|---|---|---|\n");
    for (BenchResult r : results) {
      HotMethods hot = profile.apply(r);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s |%n",
              r.shape(),
              hot.samples(),
              String.join("<br>", hot.meshfed()),
              String.join("<br>", hot.leaves())));
    }
  }

  /** The targets of the project, each with what the runs measured. */
  private static String targets(List<BenchResult> results) {
    StringBuilder t = new StringBuilder();
    target(
        t,
        "100 generated clusters (sandbox) converge in under 15 s",
        results,
        r -> r.engine().equals("sandbox") && r.clusters() == 100 && r.primaries() < 100,
        BenchResult::secondsToConverge,
        15,
        "s");
    target(
        t,
        "30 primaries (sandbox) converge in under 15 s",
        results,
        r -> r.engine().equals("sandbox") && r.clusters() == 30 && r.primaries() == 30,
        BenchResult::secondsToConverge,
        15,
        "s");
    target(
        t,
        "100 primaries (sandbox) converge in under 60 s",
        results,
        r -> r.engine().equals("sandbox") && r.clusters() == 100 && r.primaries() == 100,
        BenchResult::secondsToConverge,
        60,
        "s");
    target(
        t,
        "1,000 clusters (fleet simulator) converge in under 60 s",
        results,
        r -> !r.engine().equals("sandbox") && r.clusters() == 1000,
        BenchResult::secondsToConverge,
        60,
        "s");
    target(
        t,
        "an address change reaches every primary in under 1 s at p99 (100 generated clusters)",
        results,
        r -> r.engine().equals("sandbox") && r.clusters() == 100 && r.primaries() < 100,
        r -> percentile(r.addressChangeMillis(), 99) / 1000,
        1,
        "s");
    target(
        t,
        "the hub rebuilds 10,000 clusters from the log in under 10 s",
        results,
        r -> r.clusters() >= 10_000,
        BenchResult::hubRebuildSeconds,
        10,
        "s");
    for (BenchResult r : results) {
      double most =
          r.perAddressChange().stream()
              .mapToDouble(BenchReport::hubRecordsOf)
              .max()
              .orElse(Double.NaN);
      row(t, "one address change costs at most 2 hub records: " + r.shape(), most, 2, "records");
    }
    for (BenchResult r : results) {
      int largest = r.largestRecord().values().stream().mapToInt(Integer::intValue).max().orElse(0);
      row(t, "largest record under 256 KiB: " + r.shape(), largest, RECORD_BOUND - 1, "bytes");
    }
    return t.toString();
  }

  private static void target(
      StringBuilder t,
      String name,
      List<BenchResult> results,
      Predicate<BenchResult> which,
      ToDoubleFunction<BenchResult> measure,
      double limit,
      String unit) {
    Optional<BenchResult> r = results.stream().filter(which).findFirst();
    if (r.isEmpty()) {
      t.append("| ").append(name).append(" | not run | - |\n");
      return;
    }
    row(t, name, measure.applyAsDouble(r.get()), limit, unit);
  }

  private static void row(StringBuilder t, String name, double value, double limit, String unit) {
    String measured = String.format(Locale.ROOT, "%.2f %s", value, unit);
    String verdict;
    if (Double.isNaN(value)) {
      verdict = "not measured";
    } else if (value <= limit) {
      verdict = "met";
    } else {
      verdict =
          String.format(
              Locale.ROOT,
              "**missed** by %.2f %s (%.0f%%)",
              value - limit,
              unit,
              100 * (value - limit) / limit);
    }
    t.append("| ").append(name).append(" | ").append(measured).append(" | ").append(verdict);
    t.append(" |\n");
  }

  private static String cpu(BenchResult r) {
    return String.format(
        Locale.ROOT,
        "%.0f / %s / %.0f",
        r.hubCpuSeconds(),
        Double.isNaN(r.agentCpuSeconds())
            ? "-"
            : String.format(Locale.ROOT, "%.0f", r.agentCpuSeconds()),
        r.benchCpuSeconds());
  }

  private static double hubRecordsOf(TopicWindow.Traffic t) {
    return HUB_WRITES.stream().mapToInt(topic -> t.records().getOrDefault(topic, 0)).sum();
  }

  private static String hubRecords(List<TopicWindow.Traffic> perChange) {
    if (perChange.isEmpty()) {
      return "-";
    }
    List<Double> hub = perChange.stream().map(BenchReport::hubRecordsOf).toList();
    return String.format(
        Locale.ROOT,
        "%.0f (%.0f)",
        percentile(hub, 50),
        hub.stream().mapToDouble(Double::doubleValue).max().orElse(0));
  }

  private static String totalRecords(List<TopicWindow.Traffic> perChange) {
    if (perChange.isEmpty()) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        "%.0f",
        percentile(perChange.stream().map(t -> (double) t.total()).toList(), 50));
  }

  private static String perTopic(String shape, String change, List<TopicWindow.Traffic> traffic) {
    if (traffic.isEmpty()) {
      return "";
    }
    StringBuilder row = new StringBuilder("| " + shape + " | " + change + " |");
    for (String topic : TopicWindow.COUNTED) {
      double records =
          percentile(
              traffic.stream().map(t -> (double) t.records().getOrDefault(topic, 0)).toList(), 50);
      double bytes =
          percentile(
              traffic.stream().map(t -> (double) t.bytes().getOrDefault(topic, 0L)).toList(), 50);
      row.append(String.format(Locale.ROOT, " %.0f (%s) |", records, bytes(bytes)));
    }
    return row.append('\n').toString();
  }

  private static String bytes(double b) {
    if (b >= 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (1024 * 1024));
    }
    if (b >= 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024);
    }
    return String.format(Locale.ROOT, "%.0f B", b);
  }

  private static String topicLabel(String topic) {
    return "`" + topic.replace("meshfed.", "") + "`";
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

  /** The nearest-rank percentile of the values. */
  private static String millis(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f ms", value);
  }

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

  private static Optional<String> firstValue(Path file, String key) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .filter(l -> l.startsWith(key))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
