package io.meshfed.sandbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a process spent its time, from a Java Flight Recorder file: the methods its execution
 * samples were in (the leaf frame), and the meshfed methods they were under (the innermost frame of
 * a meshfed package), each as a share of all samples.
 *
 * @param samples the number of execution samples
 * @param leaves the most sampled leaf methods, with their share
 * @param meshfed the most sampled meshfed methods on the stack, with their share
 */
record HotMethods(long samples, List<String> leaves, List<String> meshfed) {

  private static final String SAMPLE = "jdk.ExecutionSample";
  private static final String OURS = "io.meshfed.";
  private static final int TOP = 6;

  /**
   * The {@code JAVA_TOOL_OPTIONS} that make a JVM record until it exits into a file of its own in
   * {@code directory} (the JVM names it by its pid), so that a restarted process does not overwrite
   * the recording of the one measured.
   */
  static String recordingOptions(Path directory) throws IOException {
    Files.createDirectories(directory);
    return "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
        + directory.toAbsolutePath();
  }

  static HotMethods none() {
    return new HotMethods(0, List.of(), List.of());
  }

  /**
   * Reads the first complete recording in the directory (that of the process measured, dumped when
   * it stopped; a process still running has written none yet); {@link #none()} when there is none.
   */
  static HotMethods read(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return none();
    }
    Optional<Path> first;
    try (Stream<Path> files = Files.list(directory)) {
      first =
          files
              .filter(f -> f.toString().endsWith(".jfr"))
              .filter(f -> f.toFile().length() > 0)
              .min(Comparator.comparingLong(f -> f.toFile().lastModified()));
    }
    return first.isEmpty() ? none() : of(first.get());
  }

  /** What one recording file's execution samples show. */
  static HotMethods of(Path file) throws IOException {
    Map<String, Long> leaves = new HashMap<>();
    Map<String, Long> ours = new HashMap<>();
    long samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (!e.getEventType().getName().equals(SAMPLE)) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      leaves.merge(name(frames.get(0)), 1L, Long::sum);
      frames.stream()
          .map(HotMethods::name)
          .filter(n -> n.startsWith(OURS))
          .findFirst()
          .ifPresent(n -> ours.merge(n, 1L, Long::sum));
    }
    return new HotMethods(samples, top(leaves, samples), top(ours, samples));
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static List<String> top(Map<String, Long> counts, long samples) {
    List<String> out = new ArrayList<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(TOP)
        .forEach(
            e ->
                out.add(
                    String.format(
                        Locale.ROOT,
                        "%s %.0f%%",
                        e.getKey().replace(OURS, ""),
                        100.0 * e.getValue() / samples)));
    return out;
  }
}
