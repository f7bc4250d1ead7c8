package io.meshfed.hub.ca;

import io.meshfed.hub.HubConfig;
import io.meshfed.security.ca.CaKeyType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The CA settings of a test: the defaults of {@link HubConfig.Ca}, a directory and imports. */
record CaSettings(Path dir, Map<String, HubConfig.ImportedRoot> imports) implements HubConfig.Ca {

  static CaSettings in(Path dir) {
    return new CaSettings(dir, Map.of());
  }

  CaSettings importing(String meshId, Path certificate, Path key) {
    return new CaSettings(
        dir,
        Map.of(
            meshId,
            new HubConfig.ImportedRoot() {
              @Override
              public Path certificate() {
                return certificate;
              }

              @Override
              public Path key() {
                return key;
              }
            }));
  }

  @Override
  public CaKeyType keyType() {
    return CaKeyType.EC_P256;
  }

  @Override
  public Duration rootLifetime() {
    return Duration.ofDays(3650);
  }

  @Override
  public Duration intermediateLifetime() {
    return Duration.ofDays(365);
  }

  @Override
  public double renewalFraction() {
    return 0.8;
  }
}
