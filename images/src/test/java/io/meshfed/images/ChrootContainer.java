package io.meshfed.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an unpacked image's entrypoint as a container runtime would, with tools every Debian system
 * has (util-linux's {@code unshare}, coreutils' {@code chroot}): in its own mount and PID
 * namespaces, with {@code /proc} and the usual {@code /dev} nodes, {@code /etc/hosts} written by
 * the runtime, as the image's user, with only the image's environment plus the caller's. It shares
 * the host's network, so it reaches a broker on the loopback interface. Needs root.
 */
final class ChrootContainer implements AutoCloseable {

  private static final List<String> DEVICES = List.of("null", "zero", "random", "urandom");

  private final Process process;
  final Path log;

  private ChrootContainer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static boolean permitted() {
    return "root".equals(System.getProperty("user.name"));
  }

  static ChrootContainer start(OciArchive image, Path rootfs, Map<String, String> env, Path log)
      throws IOException {
    Files.createDirectories(rootfs.resolve("proc"));
    Files.createDirectories(rootfs.resolve("dev"));
    for (String d : DEVICES) {
      Path node = rootfs.resolve("dev").resolve(d);
      if (!Files.exists(node)) {
        Files.createFile(node);
      }
    }
    Files.writeString(
        rootfs.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n");
    String user = image.runConfig().path("User").asText();
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "unshare",
            "--mount",
            "--pid",
            "--fork",
            "--kill-child=SIGTERM",
            "--mount-proc=" + rootfs.resolve("proc"),
            "sh",
            "-c",
            "chroot=$1; root=$2; user=$3; shift 3; for d in "
                + String.join(" ", DEVICES)
                + "; do mount --bind /dev/$d $root/dev/$d || exit 1; done;"
                + " exec \"$chroot\" --userspec=\"$user\" \"$root\" \"$@\"",
            "sh",
            chroot(),
            rootfs.toString(),
            user));
    cmd.addAll(image.entrypoint());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    pb.environment().clear();
    for (String kv : image.env()) {
      int eq = kv.indexOf('=');
      pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    pb.environment().putAll(env);
    return new ChrootContainer(pb.start(), log);
  }

  private static String chroot() throws IOException {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, "chroot"))) {
        return dir + "/chroot";
      }
    }
    throw new IOException("chroot is missing (Debian's coreutils has it)");
  }

  /** The real user id of the entrypoint's process (the child of {@code unshare}). */
  String entrypointUid() throws IOException {
    ProcessHandle entrypoint =
        process
            .toHandle()
            .children()
            .findFirst()
            .orElseThrow(() -> new IOException("unshare has no child"));
    for (String line : Files.readAllLines(Path.of("/proc", entrypoint.pid() + "", "status"))) {
      if (line.startsWith("Uid:")) {
        return line.split("\\s+")[1];
      }
    }
    throw new IOException("no Uid in /proc/" + entrypoint.pid() + "/status");
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * Stops the entrypoint and {@code unshare}. The entrypoint is stopped first, itself: {@code
   * --kill-child} does not reach it once {@code chroot --userspec} changed its user (Linux clears a
   * process's parent-death signal when its credentials change), so it would outlive {@code
   * unshare}.
   */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> inside = process.toHandle().descendants().toList();
    inside.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : inside) {
      try {
        p.onExit().get(20, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        p.destroyForcibly();
      }
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
