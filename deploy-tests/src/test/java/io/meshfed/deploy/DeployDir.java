package io.meshfed.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's {@code deploy/} directory is, and reading files from it. */
final class DeployDir {

  private DeployDir() {}

  /** The {@code deploy/} directory: the build passes it; from an IDE it is the module's sibling. */
  static Path root() {
    String configured = System.getProperty("meshfed.deploy.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "deploy");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("deploy directory not found: " + dir.toAbsolutePath());
    }
    return dir.toAbsolutePath().normalize();
  }

  static Path resolve(String relative) {
    return root().resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
