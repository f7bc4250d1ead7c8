package io.meshfed.sandbox.bench;

import io.meshfed.sandbox.Topology;
import io.meshfed.sandbox.fleet.FleetShape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/meshfed-bench}: runs the sandbox and the fleet simulator for the shapes users run and
 * writes what it measured, with the commit it measured, to {@code docs/benchmarks.md}.
 */
public final class BenchMain {

  static final String USAGE =
      String.join(
          "\n",
          "usage: meshfed-bench [--sizes 3,30,100] [--primaries 30,100] [--fleet 1000,10x1000]",
          "                     [--changes 20] [--out docs/benchmarks.md]",
          "  --sizes N,...      sandbox runs of N generated clusters: a primary per ten clusters",
          "                     serving the nine after it, every cluster on its own network",
          "  --primaries N,...  sandbox runs of N primaries, every one on its own network",
          "  --fleet N,MxN,...  fleet simulator runs of one mesh (or M meshes) of N clusters, a",
          "                     primary per ten clusters; the hub's rebuild is measured on each",
          "  --changes C        gateway address changes per run (median and p99 are over them)",
          "  --out FILE         where the Markdown report goes (relative to the project)",
          "A list may be empty (--fleet '') to skip that kind of run.");

  private static final String ISTIO_VERSION = Topology.GENERATED_ISTIO_VERSION;
  private static final Duration FLEET_TIMEOUT = Duration.ofMinutes(20);
  private static final String FLEET_HUB_HEAP = "1g";

  private BenchMain() {}

  /** A run to make: its name in the work directory and how to make it. */
  private record Run(String id, RunBody body) {}

  @FunctionalInterface
  private interface RunBody {
    BenchResult run(Path workDir) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(3, 30, 100);
    List<Integer> primaries = List.of(30, 100);
    List<FleetShape> fleets = List.of(new FleetShape(1, 1000, 10), new FleetShape(10, 1000, 10));
    int changes = 20;
    String out = "docs/benchmarks.md";
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--sizes" -> sizes = numbers(value(args, ++i));
          case "--primaries" -> primaries = numbers(value(args, ++i));
          case "--fleet" -> fleets = fleets(value(args, ++i));
          case "--changes" -> changes = Integer.parseInt(value(args, ++i));
          case "--out" -> out = value(args, ++i);
          case "--help" -> {
            System.out.println(USAGE);
            return;
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (changes < 1
          || sizes.stream().anyMatch(n -> n < 2)
          || primaries.stream().anyMatch(n -> n < 2)) {
        throw new IllegalArgumentException(
            "--changes needs 1 or more, --sizes and --primaries 2 or more each");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    Path home = Path.of(System.getProperty("meshfed.home", ".")).toAbsolutePath().normalize();
    int c = changes;
    List<Run> runs = new ArrayList<>();
    for (int n : sizes) {
      runs.add(
          new Run(
              "n" + n,
              dir ->
                  new Benchmark(
                          n
                              + " clusters: a primary per ten clusters serving the nine after it,"
                              + " every cluster on its own network",
                          Topology.generated(n, ISTIO_VERSION),
                          c,
                          home,
                          dir,
                          System.out)
                      .run()));
    }
    for (int n : primaries) {
      runs.add(
          new Run(
              "p" + n,
              dir ->
                  new Benchmark(
                          n + " primaries, every one on its own network",
                          Topology.allPrimaries(n, ISTIO_VERSION),
                          c,
                          home,
                          dir,
                          System.out)
                      .run()));
    }
    for (FleetShape f : fleets) {
      runs.add(
          new Run(
              "fleet-" + f.meshes() + "x" + f.clustersPerMesh(),
              dir ->
                  new FleetBenchmark(f, c, FLEET_TIMEOUT, FLEET_HUB_HEAP, home, dir, System.out)
                      .run()));
    }
    String commit = Commit.describe(home);
    List<BenchResult> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Run run : runs) {
      try {
        results.add(run.body().run(home.resolve("target/bench/" + run.id())));
      } catch (Exception | AssertionError e) {
        // A run that fails is reported as failed: the report never keeps an older figure.
        failures.add(run.id() + ": " + e.getMessage());
        e.printStackTrace();
      }
      String report = BenchReport.render(results, failures, changes, commit);
      BenchReport.write(home.resolve(out), report);
    }
    System.out.println(BenchReport.render(results, failures, changes, commit));
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  private static List<Integer> numbers(String list) {
    return list.isBlank()
        ? List.of()
        : Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }

  private static List<FleetShape> fleets(String list) {
    if (list.isBlank()) {
      return List.of();
    }
    List<FleetShape> out = new ArrayList<>();
    for (String item : list.split(",")) {
      String[] parts = item.trim().split("x");
      if (parts.length == 1) {
        out.add(new FleetShape(1, Integer.parseInt(parts[0]), 10));
      } else if (parts.length == 2) {
        out.add(new FleetShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), 10));
      } else {
        throw new IllegalArgumentException("--fleet takes N or MxN, not " + item);
      }
    }
    return out;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
