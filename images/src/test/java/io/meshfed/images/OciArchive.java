package io.meshfed.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image archive read as a container runtime reads it: {@code index.json}, the manifest it
 * names, the config and the layers the manifest names, each a blob under {@code blobs/sha256/}.
 */
final class OciArchive {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  final JsonNode index;
  final JsonNode manifest;
  final JsonNode config;

  private OciArchive(Path dir) throws IOException {
    this.dir = dir;
    this.index = JSON.readTree(dir.resolve("index.json").toFile());
    this.manifest = JSON.readTree(blob(index.path("manifests").path(0).path("digest").asText()));
    this.config = JSON.readTree(blob(manifest.path("config").path("digest").asText()));
  }

  /** Extracts {@code archive} (the outer tar) into {@code dir} and reads its index. */
  static OciArchive open(Path archive, Path dir) throws IOException {
    Files.createDirectories(dir);
    run(List.of("tar", "-xf", archive.toString(), "-C", dir.toString()));
    return new OciArchive(dir);
  }

  /** The digest the index gives for the image's manifest. */
  String manifestDigest() {
    return index.path("manifests").path(0).path("digest").asText();
  }

  /** The {@code org.opencontainers.image.ref.name} the index gives the image. */
  String refName() {
    return index
        .path("manifests")
        .path(0)
        .path("annotations")
        .path("org.opencontainers.image.ref.name")
        .asText();
  }

  /** The image's runtime config: {@code User}, {@code Entrypoint}, {@code ExposedPorts}... */
  JsonNode runConfig() {
    return config.path("config");
  }

  List<String> entrypoint() {
    List<String> out = new ArrayList<>();
    runConfig().path("Entrypoint").forEach(n -> out.add(n.asText()));
    return out;
  }

  List<String> env() {
    List<String> out = new ArrayList<>();
    runConfig().path("Env").forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The layers' blobs in order. */
  List<Path> layers() {
    List<Path> out = new ArrayList<>();
    manifest.path("layers").forEach(l -> out.add(blobPath(l.path("digest").asText())));
    return out;
  }

  /** Applies every layer in order onto {@code rootfs}, keeping owners and modes (as root). */
  void unpack(Path rootfs) throws IOException {
    Files.createDirectories(rootfs);
    for (Path layer : layers()) {
      run(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "--same-owner",
              "--same-permissions",
              "-xzf",
              layer.toString(),
              "-C",
              rootfs.toString()));
    }
  }

  /** Lists the paths in layer {@code i}. */
  List<String> layerEntries(int i) throws IOException {
    return List.of(
        run(List.of("tar", "--warning=no-unknown-keyword", "-tzf", layers().get(i).toString()))
            .split("\n"));
  }

  private InputStream blob(String digest) throws IOException {
    return Files.newInputStream(blobPath(digest));
  }

  private Path blobPath(String digest) {
    if (!digest.startsWith("sha256:")) {
      throw new IllegalStateException("not a sha256 digest: " + digest);
    }
    return dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  static String run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }
}
