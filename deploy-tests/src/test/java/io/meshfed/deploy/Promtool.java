package io.meshfed.deploy;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool} (Debian package {@code prometheus}). Without it a test is
 * skipped, except on CI ({@code CI=true}), where {@code .ci/run} installs it and its absence fails.
 */
final class Promtool {

  record Result(int exitCode, String output) {}

  private Promtool() {}

  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    Optional<Path> promtool = onPath("promtool");
    if (promtool.isEmpty()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(
            "promtool is not installed: CI must install Debian's prometheus package (.ci/run does)");
      }
      assumeTrue(
          false, "promtool is not installed (apt-get install prometheus); skipped outside CI");
    }
    List<String> command = new ArrayList<>();
    command.add(promtool.get().toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile("promtool", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("promtool did not finish within 60 s: " + command);
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static Optional<Path> onPath(String executable) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, executable);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
