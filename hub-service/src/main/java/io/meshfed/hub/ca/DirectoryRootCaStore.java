package io.meshfed.hub.ca;

import io.meshfed.hub.HubConfig;
import io.meshfed.security.ca.MeshRootCa;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps each mesh's root in its own sub-directory of one directory: {@code <dir>/<mesh>/
 * root-cert.pem} and {@code root-key.pem}. The key file is readable by the owner only (0600), the
 * directories are 0700; each file is written to a temporary file first and then moved into place,
 * the key before the certificate, so a crash never leaves a certificate without its key.
 */
@ApplicationScoped
public class DirectoryRootCaStore implements RootCaStore {

  static final String CERTIFICATE = "root-cert.pem";
  static final String KEY = "root-key.pem";

  private static final Pattern MESH_ID = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> READABLE =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private final Path dir;

  @Inject
  public DirectoryRootCaStore(HubConfig config) {
    this(config.ca().dir());
  }

  public DirectoryRootCaStore(Path dir) {
    this.dir = dir;
  }

  @Override
  public Optional<MeshRootCa> load(String meshId) {
    Path mesh = meshDir(meshId);
    Path certificate = mesh.resolve(CERTIFICATE);
    Path key = mesh.resolve(KEY);
    boolean hasCertificate = Files.isRegularFile(certificate);
    boolean hasKey = Files.isRegularFile(key);
    if (!hasCertificate && !hasKey) {
      return Optional.empty();
    }
    if (!hasCertificate) {
      throw new IllegalStateException(
          "mesh " + meshId + ": " + key + " has no " + CERTIFICATE + " next to it");
    }
    if (!hasKey) {
      throw new IllegalStateException(
          "mesh " + meshId + ": " + certificate + " has no " + KEY + " next to it");
    }
    try {
      return Optional.of(
          MeshRootCa.fromPem(
              Files.readString(certificate, StandardCharsets.US_ASCII),
              Files.readString(key, StandardCharsets.US_ASCII)));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "mesh " + meshId + ": the root CA in " + mesh + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void save(String meshId, MeshRootCa root) {
    Path mesh = meshDir(meshId);
    try {
      createPrivateDirectories(mesh);
      if (Files.exists(mesh.resolve(CERTIFICATE)) || Files.exists(mesh.resolve(KEY))) {
        throw new IllegalStateException(
            "mesh " + meshId + " already has a root CA in " + mesh + "; it is never replaced");
      }
      write(mesh, KEY, root.privateKeyPem(), OWNER_ONLY);
      write(mesh, CERTIFICATE, root.certificatePem(), READABLE);
    } catch (IOException e) {
      throw new IllegalStateException(
          "mesh " + meshId + ": cannot write its root CA to " + mesh + ": " + e.getMessage(), e);
    }
  }

  private Path meshDir(String meshId) {
    if (meshId == null || !MESH_ID.matcher(meshId).matches()) {
      throw new IllegalArgumentException("meshId '" + meshId + "' is not a DNS-1123 label");
    }
    return dir.resolve(meshId);
  }

  private static void createPrivateDirectories(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return;
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      createPrivateDirectories(parent);
    }
    try {
      Files.createDirectory(path, permissions(DIRECTORY));
    } catch (FileAlreadyExistsException e) {
      // created meanwhile
    }
  }

  private static void write(Path dir, String name, String content, Set<PosixFilePermission> mode)
      throws IOException {
    Path temp = Files.createTempFile(dir, "." + name, ".tmp", permissions(OWNER_ONLY));
    try {
      Files.writeString(temp, content, StandardCharsets.US_ASCII);
      if (supportsPosix(temp)) {
        Files.setPosixFilePermissions(temp, mode);
      }
      Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static FileAttribute<?>[] permissions(Set<PosixFilePermission> mode) {
    boolean posix =
        java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
        : new FileAttribute<?>[0];
  }

  private static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
