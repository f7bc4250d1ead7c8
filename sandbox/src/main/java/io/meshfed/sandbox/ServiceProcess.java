package io.meshfed.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A meshfed service (the hub or an agent) run as its own JVM process from its built Quarkus app,
 * configured only by environment variables, exactly as it runs in a cluster. Output is appended to
 * a log file, so that a restarted service continues the same log.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final long STOP_SECONDS = 10;

  /**
   * How a service is started.
   *
   * @param name the service's name, e.g. {@code hub} or {@code agent-cluster1}
   * @param quarkusRunJar the service's {@code quarkus-app/quarkus-run.jar}
   * @param env environment variables on top of this process's own
   * @param logDir where {@code <name>.log} is written
   * @param maxHeap the {@code -Xmx} value, e.g. {@code 128m}
   * @param httpPort the HTTP port the service listens on (also given in {@code env})
   * @param managementPort the port of its management interface, {@code /q/health} and {@code
   *     /q/metrics} (also given in {@code env})
   */
  public record Launch(
      String name,
      Path quarkusRunJar,
      Map<String, String> env,
      Path logDir,
      String maxHeap,
      int httpPort,
      int managementPort) {
    public Launch {
      env = Map.copyOf(env);
    }
  }

  /**
   * Every service process still running, stopped when this JVM ends however it ends (a finished
   * run, an exception, SIGTERM or Ctrl-C on a bench or a sandbox): none outlives its launcher.
   */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.stream().filter(Process::isAlive).forEach(Process::destroy),
                "service-processes-stop"));
  }

  private final Launch launch;
  private final Process process;
  private final Path log;

  private ServiceProcess(Launch launch, Process process, Path log) {
    this.launch = launch;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java -jar app} as the launch says. */
  public static ServiceProcess start(Launch launch) throws IOException {
    if (!Files.isRegularFile(launch.quarkusRunJar())) {
      throw new IOException(
          launch.quarkusRunJar() + " is missing: build the project first (mvn -B install)");
    }
    Files.createDirectories(launch.logDir());
    Path log = launch.logDir().resolve(launch.name() + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + launch.maxHeap());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-jar");
    cmd.add(launch.quarkusRunJar().toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(launch.env());
    Process process = pb.start();
    RUNNING.add(process);
    process.onExit().thenRun(() -> RUNNING.remove(process));
    return new ServiceProcess(launch, process, log);
  }

  /** Stops this process and starts the same service again. */
  public ServiceProcess restart() throws IOException {
    close();
    return start(launch);
  }

  public String name() {
    return launch.name();
  }

  public Launch launch() {
    return launch;
  }

  public int httpPort() {
    return launch.httpPort();
  }

  public int managementPort() {
    return launch.managementPort();
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Asks the process to stop (SIGTERM) without waiting for it. */
  public void stop() {
    process.destroy();
  }

  /**
   * Stops the process (SIGTERM, then SIGKILL after {@value #STOP_SECONDS} seconds) and waits for it
   * to end.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
