package io.meshfed.images;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The base of both images, assembled on the building machine as distroless images are: the files of
 * the few Debian packages a JVM needs ({@link #DEBIAN_PACKAGES}, with their {@code dpkg} status
 * under {@code /var/lib/dpkg/status.d/} so that image scanners find them), a {@code jlink} runtime
 * of the building JDK at {@value #JAVA_HOME} (where {@code eclipse-temurin} images keep theirs, so
 * a release build can swap in such a public base without changing the entrypoint), and a few files
 * a container runtime expects: {@code /etc/passwd} and {@code /etc/group} with the {@code nonroot}
 * user {@value #NONROOT}, {@code /etc/nsswitch.conf}, a writable {@code /tmp}.
 *
 * <p>No shell and no package manager: only what {@code java} loads. Every file keeps the content it
 * has on this machine, so the same sources, JDK and Debian packages give the same layers.
 */
public final class BaseLayers {

  /** The runtime's home inside the image. */
  public static final String JAVA_HOME = "/opt/java/openjdk";

  /** The {@code java} launcher inside the image. */
  public static final String JAVA = JAVA_HOME + "/bin/java";

  /** The user (and group) the services run as: distroless's {@code nonroot}. */
  public static final int NONROOT = 65532;

  /**
   * What {@code java} and the JDK's native libraries link against, as in distroless's {@code cc}
   * base: glibc, zlib (the launcher and {@code libzip}), the GCC runtime and libstdc++ ({@code
   * libjvm}).
   */
  public static final List<String> DEBIAN_PACKAGES =
      List.of("libc6", "zlib1g", "libgcc-s1", "libstdc++6");

  /**
   * The JDK modules of the runtime: what Quarkus, Vert.x, Kafka's clients, the Kubernetes client
   * and the JDK's own crypto, JMX and JFR need, without a compiler, tools or debugger.
   */
  public static final List<String> JAVA_MODULES =
      List.of(
          "java.base",
          "java.compiler",
          "java.desktop",
          "java.instrument",
          "java.logging",
          "java.management",
          "java.naming",
          "java.net.http",
          "java.scripting",
          "java.security.jgss",
          "java.security.sasl",
          "java.sql",
          "java.transaction.xa",
          "java.xml",
          "jdk.charsets",
          "jdk.crypto.ec",
          "jdk.jfr",
          "jdk.management",
          "jdk.naming.dns",
          "jdk.net",
          "jdk.unsupported",
          "jdk.zipfs");

  /** Parts of the packages a running JVM never reads. */
  private static final List<String> SKIPPED_PREFIXES =
      List.of(
          "/usr/share/doc/",
          "/usr/share/man/",
          "/usr/share/info/",
          "/usr/share/lintian/",
          "/usr/share/gdb/",
          "/usr/share/gcc/");

  private final Path workDir;

  /**
   * @param workDir where the runtime and the generated files are written; emptied first
   */
  public BaseLayers(Path workDir) {
    this.workDir = workDir;
  }

  /** The base layers: Debian's files, the Java runtime, the container files. */
  public List<FileEntriesLayer> build() throws IOException {
    deleteRecursively(workDir);
    Files.createDirectories(workDir);
    return List.of(debianLayer(), javaLayer(), containerFilesLayer());
  }

  /** {@code <package> <version>} of each package in the base, for the image's labels. */
  public static String debianPackageVersions() throws IOException {
    List<String> cmd = new ArrayList<>(List.of("dpkg-query", "-W", "-f=${Package} ${Version}\\n"));
    cmd.addAll(DEBIAN_PACKAGES);
    return run(cmd).strip().replace('\n', ',');
  }

  private FileEntriesLayer debianLayer() throws IOException {
    Map<String, Path> files = new TreeMap<>();
    Path status = Files.createDirectories(workDir.resolve("status.d"));
    for (String pkg : DEBIAN_PACKAGES) {
      for (String line : run(List.of("dpkg-query", "-L", pkg)).split("\n")) {
        String path = line.strip();
        if (path.isEmpty()
            || !path.startsWith("/")
            || SKIPPED_PREFIXES.stream().anyMatch(path::startsWith)) {
          continue;
        }
        Path source = Path.of(path);
        // A symbolic link to a file becomes a copy of it (a layer built with Jib holds no links).
        if (Files.isRegularFile(source)) {
          files.put(path, source);
        }
      }
      Path file = status.resolve(pkg);
      Files.writeString(file, run(List.of("dpkg-query", "-s", pkg)));
      files.put("/var/lib/dpkg/status.d/" + pkg, file);
    }
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("debian");
    for (Map.Entry<String, Path> e : files.entrySet()) {
      layer.addEntry(e.getValue(), AbsoluteUnixPath.get(e.getKey()), permissionsOf(e.getValue()));
    }
    return layer.build();
  }

  private FileEntriesLayer javaLayer() throws IOException {
    Path runtime = workDir.resolve("jre");
    // A process of its own: jlink run twice in one JVM does not give the same lib/modules.
    Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
    if (!Files.isExecutable(jlink)) {
      throw new IOException(jlink + " is missing: build with a JDK, not a JRE");
    }
    run(
        List.of(
            jlink.toString(),
            "--add-modules",
            String.join(",", JAVA_MODULES),
            "--strip-debug",
            "--no-man-pages",
            "--no-header-files",
            "--output",
            runtime.toString()));
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("java");
    try (Stream<Path> walk = Files.walk(runtime)) {
      for (Path p : walk.sorted().toList()) {
        if (Files.isRegularFile(p)) {
          String rel = runtime.relativize(p).toString().replace('\\', '/');
          layer.addEntry(p, AbsoluteUnixPath.get(JAVA_HOME + "/" + rel), permissionsOf(p));
        }
      }
    }
    return layer.build();
  }

  private FileEntriesLayer containerFilesLayer() throws IOException {
    Path etc = Files.createDirectories(workDir.resolve("etc"));
    Path passwd =
        Files.writeString(
            etc.resolve("passwd"),
            "root:x:0:0:root:/root:/sbin/nologin\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"
                + "nonroot:x:"
                + NONROOT
                + ":"
                + NONROOT
                + ":nonroot:/home/nonroot:/sbin/nologin\n");
    Path group =
        Files.writeString(
            etc.resolve("group"), "root:x:0:\nnogroup:x:65534:\nnonroot:x:" + NONROOT + ":\n");
    Path nsswitch =
        Files.writeString(
            etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
    Path emptyDir = Files.createDirectories(workDir.resolve("empty"));
    String nonroot = NONROOT + ":" + NONROOT;
    FilePermissions readable = FilePermissions.fromOctalString("644");
    Instant epoch = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
    return FileEntriesLayer.builder()
        .setName("container-files")
        .addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"), readable)
        .addEntry(group, AbsoluteUnixPath.get("/etc/group"), readable)
        .addEntry(nsswitch, AbsoluteUnixPath.get("/etc/nsswitch.conf"), readable)
        .addEntry(
            emptyDir, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), epoch)
        .addEntry(
            emptyDir,
            AbsoluteUnixPath.get("/home/nonroot"),
            FilePermissions.fromOctalString("700"),
            epoch,
            nonroot)
        .build();
  }

  static FilePermissions permissionsOf(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    return perms.contains(PosixFilePermission.OWNER_EXECUTE)
        ? FilePermissions.fromOctalString("755")
        : FilePermissions.fromOctalString("644");
  }

  private static String run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
