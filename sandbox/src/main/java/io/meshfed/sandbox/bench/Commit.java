package io.meshfed.sandbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The commit a benchmark measures, as git tells it, and whether the work tree differed from it. */
final class Commit {

  private Commit() {}

  /**
   * The commit id of the project's {@code HEAD}, followed by "with uncommitted changes" when the
   * sources differ from it; "unknown" outside a git work tree.
   */
  static String describe(Path home) {
    try {
      String id = git(home, "rev-parse", "HEAD");
      String changes =
          git(home, "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs");
      return changes.isBlank() ? id : id + " with uncommitted changes";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String git(Path home, String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", home.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("git " + String.join(" ", args) + " failed");
      }
      return new String(output, StandardCharsets.UTF_8).trim();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
