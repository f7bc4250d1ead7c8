package io.meshfed.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the OCI image archives of the hub and the agent, and {@code digests.txt} beside them (one
 * {@code <reference> <digest>} line each, for {@code --set image.digest=...}).
 *
 * <pre>
 * ImagesMain --version=V --hub-app=DIR --agent-app=DIR --out=DIR [--work=DIR] [--base=IMAGE]
 * </pre>
 *
 * {@code --base} names a public base image (a release build) instead of the one assembled here.
 */
public final class ImagesMain {

  private ImagesMain() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      opts.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    String version = required(opts, "version");
    Path out = Path.of(required(opts, "out")).toAbsolutePath().normalize();
    Path work = Path.of(opts.getOrDefault("work", out.resolve("work").toString())).toAbsolutePath();
    Optional<String> base =
        Optional.ofNullable(opts.get("base")).filter(b -> !b.isBlank() && !b.equals("local"));
    ImageBuilder builder = new ImageBuilder(work, base);
    StringBuilder digests = new StringBuilder();
    for (ServiceImage image : ServiceImage.ALL) {
      Path app =
          Path.of(required(opts, image == ServiceImage.HUB ? "hub-app" : "agent-app"))
              .toAbsolutePath()
              .normalize();
      long started = System.nanoTime();
      String digest = builder.build(image, app, version, out);
      System.out.printf(
          "%s %s %s (%d s)%n",
          out.resolve(image.archiveName(version)),
          image.reference(version),
          digest,
          (System.nanoTime() - started) / 1_000_000_000L);
      digests.append(image.reference(version)).append(' ').append(digest).append('\n');
    }
    Files.writeString(out.resolve("digests.txt"), digests);
  }

  private static String required(Map<String, String> opts, String name) {
    String value = opts.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + "=... is required");
    }
    return value;
  }
}
