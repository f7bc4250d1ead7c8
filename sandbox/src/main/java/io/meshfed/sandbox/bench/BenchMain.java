package io.meshfed.sandbox.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/meshfed-bench}: runs the sandbox for N generated clusters (3, 30 and 100 unless told
 * otherwise) and writes what it measured to {@code docs/benchmarks.md}.
 */
public final class BenchMain {

  static final String USAGE =
      String.join(
          "\n",
          "usage: meshfed-bench [--sizes 3,30,100] [--changes 20] [--out docs/benchmarks.md]",
          "  --sizes N,...   the numbers of generated clusters, one sandbox run each",
          "  --changes C     gateway address changes per run (median and p99 are over them)",
          "  --out FILE      where the Markdown report goes (relative to the project)");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(3, 30, 100);
    int changes = 20;
    String out = "docs/benchmarks.md";
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--sizes" ->
              sizes = Arrays.stream(value(args, ++i).split(",")).map(Integer::parseInt).toList();
          case "--changes" -> changes = Integer.parseInt(value(args, ++i));
          case "--out" -> out = value(args, ++i);
          case "--help" -> {
            System.out.println(USAGE);
            return;
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (changes < 1 || sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 2)) {
        throw new IllegalArgumentException("--changes needs 1 or more, --sizes 2 or more each");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    Path home = Path.of(System.getProperty("meshfed.home", ".")).toAbsolutePath().normalize();
    List<BenchResult> results = new ArrayList<>();
    for (int n : sizes) {
      Path workDir = home.resolve("target/bench/n" + n);
      results.add(new Benchmark(n, changes, home, workDir, System.out).run());
      String report = BenchReport.render(results, changes);
      BenchReport.write(home.resolve(out), report);
      System.out.println(report);
    }
    System.exit(0);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
