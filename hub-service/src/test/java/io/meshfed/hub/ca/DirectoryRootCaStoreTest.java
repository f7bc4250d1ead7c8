package io.meshfed.hub.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.MeshRootCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-directory store of the mesh roots. */
class DirectoryRootCaStoreTest {

  @TempDir Path dir;

  private static MeshRootCa root(String mesh) {
    return MeshRootCa.generate(mesh, CaKeyType.EC_P256, Duration.ofDays(10), Clock.systemUTC());
  }

  @Test
  void storedRootReadsBackInANewStoreOverTheSameDirectory() {
    MeshRootCa root = root("mesh-a");
    new DirectoryRootCaStore(dir.resolve("ca")).save("mesh-a", root);

    MeshRootCa loaded = new DirectoryRootCaStore(dir.resolve("ca")).load("mesh-a").orElseThrow();

    assertThat(loaded.certificate()).isEqualTo(root.certificate());
    assertThat(loaded.privateKeyPem()).isEqualTo(root.privateKeyPem());
    assertThat(new DirectoryRootCaStore(dir.resolve("ca")).load("mesh-b")).isEmpty();
  }

  @Test
  void keyIsReadableByTheOwnerOnlyAndEachMeshHasItsOwnDirectory() throws Exception {
    new DirectoryRootCaStore(dir).save("mesh-a", root("mesh-a"));

    Path mesh = dir.resolve("mesh-a");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mesh)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(mesh.resolve(DirectoryRootCaStore.KEY))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(mesh.resolve(DirectoryRootCaStore.CERTIFICATE)))
        .startsWith("-----BEGIN CERTIFICATE-----");
    try (var files = Files.list(mesh)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file is left")
          .containsExactlyInAnyOrder(DirectoryRootCaStore.CERTIFICATE, DirectoryRootCaStore.KEY);
    }
  }

  @Test
  void aStoredRootIsNeverReplaced() {
    DirectoryRootCaStore store = new DirectoryRootCaStore(dir);
    MeshRootCa first = root("mesh-a");
    store.save("mesh-a", first);

    assertThatThrownBy(() -> store.save("mesh-a", root("mesh-a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never replaced");
    assertThat(store.load("mesh-a").orElseThrow().certificate()).isEqualTo(first.certificate());
  }

  @Test
  void aKeyWithoutItsCertificateOrAnUnreadableRootIsAnErrorNamingTheMesh() throws Exception {
    Files.createDirectories(dir.resolve("mesh-a"));
    Files.writeString(dir.resolve("mesh-a").resolve(DirectoryRootCaStore.KEY), "x");
    Files.createDirectories(dir.resolve("mesh-b"));
    Files.writeString(dir.resolve("mesh-b").resolve(DirectoryRootCaStore.KEY), "x");
    Files.writeString(dir.resolve("mesh-b").resolve(DirectoryRootCaStore.CERTIFICATE), "x");
    DirectoryRootCaStore store = new DirectoryRootCaStore(dir);

    assertThatThrownBy(() -> store.load("mesh-a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mesh mesh-a")
        .hasMessageContaining(DirectoryRootCaStore.CERTIFICATE);
    assertThatThrownBy(() -> store.load("mesh-b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mesh mesh-b")
        .hasMessageContaining("cannot be read");
  }

  @Test
  void meshIdMustBeALabelSoItCannotLeaveTheDirectory() {
    assertThatThrownBy(() -> new DirectoryRootCaStore(dir).load("../etc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("meshId");
  }
}
