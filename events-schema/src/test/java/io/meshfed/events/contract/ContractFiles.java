package io.meshfed.events.contract;

import io.meshfed.events.EventType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds the contract's files on the test classpath: schemas, fixtures and their sidecars. */
final class ContractFiles {

  static final String VALID = "fixtures/valid";
  static final String INVALID = "fixtures/invalid";
  static final String SIDECAR = ".properties";

  private ContractFiles() {}

  /** A classpath directory (resources are plain files in a Maven build). */
  static Path directory(String resource) {
    URL url = ContractFiles.class.getResource("/" + resource);
    if (url == null) {
      throw new IllegalStateException("no resource directory " + resource);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every regular file below a directory, relative to it, sorted. */
  static List<Path> files(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(dir::relativize)
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the files in {@code schemas/}. */
  static List<String> schemaFiles() {
    return files(directory("schemas")).stream().map(Path::toString).toList();
  }

  static List<Fixture> valid() {
    return fixtures(VALID);
  }

  static List<InvalidFixture> invalid() {
    List<InvalidFixture> result = new ArrayList<>();
    for (Fixture fixture : fixtures(INVALID)) {
      Path sidecar = sidecarOf(fixture.path());
      if (!Files.isRegularFile(sidecar)) {
        throw new IllegalStateException(fixture + " has no sidecar " + sidecar.getFileName());
      }
      Properties expected = new Properties();
      try (Reader reader = Files.newBufferedReader(sidecar)) {
        expected.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String field = required(expected, "field", sidecar);
      String java = required(expected, "java", sidecar);
      result.add(
          new InvalidFixture(
              fixture, field, InvalidFixture.JavaReader.valueOf(java.toUpperCase(Locale.ROOT))));
    }
    return result;
  }

  static Path sidecarOf(Path fixture) {
    String name = fixture.getFileName().toString();
    return fixture.resolveSibling(name.substring(0, name.length() - ".json".length()) + SIDECAR);
  }

  private static List<Fixture> fixtures(String root) {
    Path dir = directory(root);
    List<Fixture> result = new ArrayList<>();
    for (Path relative : files(dir)) {
      String file = relative.getFileName().toString();
      if (!file.endsWith(".json")) {
        continue;
      }
      if (relative.getNameCount() != 2) {
        throw new IllegalStateException(root + "/" + relative + " is not at <Name>/<what>.json");
      }
      String typeName = relative.getName(0).toString();
      EventType type =
          Stream.of(EventType.values())
              .filter(t -> t.messageName().equals(typeName))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException(root + "/" + typeName + " is not an EventType"));
      Path path = dir.resolve(relative);
      try {
        result.add(
            new Fixture(
                type,
                file.substring(0, file.length() - ".json".length()),
                path,
                Files.readAllBytes(path)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return result;
  }

  private static String required(Properties properties, String key, Path file) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(file + " has no '" + key + "'");
    }
    return value.trim();
  }
}
