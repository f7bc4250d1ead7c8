package io.meshfed.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a TCP port on the loopback interface for a service the sandbox starts.
 *
 * <p>The port is chosen below the kernel's ephemeral range ({@code
 * /proc/sys/net/ipv4/ip_local_port_range}). A port the system hands out for {@code bind(0)} comes
 * from that range, the same range every outgoing connection (a Kafka client's, a probe's) takes its
 * local port from, so between the moment it was found free and the moment the service binds it an
 * outgoing connection could take it ("Port … seems to be in use"). Below the range only listeners
 * compete, and this class never hands out the same port twice in one JVM.
 */
public final class FreePort {

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  /** The lowest port handed out: above the registered ports most local services use. */
  private static final int LOWEST = 15000;

  /** The Linux default start of the ephemeral range, used when the kernel does not say. */
  private static final int DEFAULT_EPHEMERAL_START = 32768;

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePort() {}

  /** Whether nothing listens on the port on any interface right now. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A port outside the ephemeral range that was free a moment ago and was not handed out before by
   * this JVM; the caller binds it soon after.
   */
  public static int find() {
    int end = ephemeralStart();
    if (end - LOWEST < 1000) {
      return systemChosen();
    }
    int span = end - LOWEST;
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int port = LOWEST + (start + i) % span;
      if (HANDED_OUT.add(port)) {
        if (isFree(port) && isFreeOnLoopback(port)) {
          return port;
        }
        HANDED_OUT.remove(port);
      }
    }
    return systemChosen();
  }

  static int ephemeralStart() {
    // Read line by line: Files.readString reads this procfs file short (it reports size 0).
    try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      String line = reader.readLine();
      return Integer.parseInt(line.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START;
    }
  }

  private static boolean isFreeOnLoopback(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port the system chose (from its ephemeral range), when nothing below it is free. */
  private static int systemChosen() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      int port = socket.getLocalPort();
      HANDED_OUT.add(port);
      return port;
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback interface", e);
    }
  }
}
