package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An early, static guard: every {@code meshfed_*} metric the dashboards and alerts query is
 * declared in the service's code. The end-to-end tests check the same against a real scrape of
 * {@code /q/metrics} with {@link MetricReferences#unexposed}.
 */
class MetricNamesInCodeTest {

  private static final Pattern NAME_LITERAL = Pattern.compile("\"(meshfed[._][a-z0-9_.]+)\"");
  private static final List<String> SAMPLE_SUFFIXES =
      List.of("", "_count", "_sum", "_max", "_bucket", "_total");

  @ParameterizedTest
  @CsvSource({"hub-service, meshfed_hub_", "cluster-agent, meshfed_agent_"})
  void everyQueriedMetricIsDeclaredByTheService(String module, String prefix) throws IOException {
    Set<String> declared =
        declaredIn(DeployDir.root().resolveSibling(module).resolve("src/main/java"));
    assumeFalse(declared.isEmpty(), module + " declares no meshfed_ metric yet");
    Set<String> samples = new TreeSet<>();
    for (String name : declared) {
      for (String suffix : SAMPLE_SUFFIXES) {
        samples.add(name + suffix);
      }
    }

    Set<String> queried = new TreeSet<>(MetricReferences.inDeployDir(DeployDir.root()));
    queried.removeIf(n -> !n.startsWith(prefix));

    assertThat(queried).isNotEmpty();
    assertThat(samples).containsAll(queried);
  }

  private static Set<String> declaredIn(Path sources) throws IOException {
    Set<String> names = new TreeSet<>();
    if (!Files.isDirectory(sources)) {
      return names;
    }
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = NAME_LITERAL.matcher(Files.readString(file));
        while (m.find()) {
          names.add(m.group(1).replace('.', '_'));
        }
      }
    }
    return names;
  }
}
