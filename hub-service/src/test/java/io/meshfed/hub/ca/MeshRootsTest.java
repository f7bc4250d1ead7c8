package io.meshfed.hub.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.MeshRootCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mesh's root is made once, kept across restarts, and never replaced. */
class MeshRootsTest {

  @TempDir Path dir;

  private MeshRoots roots(CaSettings settings) {
    return new MeshRoots(new DirectoryRootCaStore(settings.dir()), settings, Clock.systemUTC());
  }

  @Test
  void firstUseGeneratesAndStoresTheRootAndARestartFindsTheSameOne() {
    CaSettings settings = CaSettings.in(dir);
    MeshRootCa first = roots(settings).rootOf("mesh-a");

    MeshRootCa afterRestart = roots(settings).rootOf("mesh-a");

    assertThat(afterRestart.certificate()).isEqualTo(first.certificate());
    assertThat(first.certificate().getSubjectX500Principal().getName()).contains("mesh-a");
    assertThat(roots(settings).rootOf("mesh-b").certificate()).isNotEqualTo(first.certificate());
  }

  @Test
  void configuredImportIsUsedAndKeptEvenWhenTheConfigurationLaterChanges() throws Exception {
    MeshRootCa existing =
        MeshRootCa.generate("legacy", CaKeyType.EC_P256, Duration.ofDays(100), Clock.systemUTC());
    Path cert = Files.writeString(dir.resolve("import-cert.pem"), existing.certificatePem());
    Path key = Files.writeString(dir.resolve("import-key.pem"), existing.privateKeyPem());
    CaSettings settings = CaSettings.in(dir.resolve("ca")).importing("mesh-a", cert, key);

    assertThat(roots(settings).rootOf("mesh-a").certificate()).isEqualTo(existing.certificate());

    MeshRootCa other =
        MeshRootCa.generate("other", CaKeyType.EC_P256, Duration.ofDays(100), Clock.systemUTC());
    Files.writeString(cert, other.certificatePem());
    Files.writeString(key, other.privateKeyPem());
    assertThat(roots(settings).rootOf("mesh-a").certificate())
        .as("a stored root wins over a changed import")
        .isEqualTo(existing.certificate());
    assertThat(roots(CaSettings.in(dir.resolve("ca"))).rootOf("mesh-a").certificate())
        .as("and stays when the import is removed")
        .isEqualTo(existing.certificate());
  }

  @Test
  void unusableImportIsAnErrorNamingTheSetting() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "not a certificate");
    CaSettings settings = CaSettings.in(dir.resolve("ca")).importing("mesh-a", cert, cert);

    assertThatThrownBy(() -> roots(settings).rootOf("mesh-a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("meshfed.hub.ca.imports.mesh-a");
    assertThat(new DirectoryRootCaStore(dir.resolve("ca")).load("mesh-a")).isEmpty();
  }
}
