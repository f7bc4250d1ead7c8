package io.meshfed.sandbox.cluster.sail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The Istio versions of the simulated Sail operator, a {@code release-1.28} build (sail-operator
 * {@code api/v1/istio_types.go} {@code +kubebuilder:validation:Enum}, {@code pkg/istioversion}):
 * the CRDs of {@code Istio} and {@code IstioCNI} accept exactly {@link #ACCEPTED} in {@code
 * spec.version} (the list in {@code validation/sail-versions.yaml}, which the simulated API server
 * checks writes against); of those, the minors before 1.26 are end of life, accepted but not
 * installable ({@code version "x" not found}); an alias ({@code v1.28-latest}) resolves to the
 * newest patch of its minor.
 */
public final class SailRelease {

  /** Every value the CRDs' enum accepts, newest first. */
  public static final List<String> ACCEPTED = load();

  /** The oldest minor this release installs. */
  private static final int OLDEST_INSTALLABLE_MINOR = 26;

  private SailRelease() {}

  /** Whether a version (or alias) is accepted but end of life. */
  public static boolean endOfLife(String version) {
    return ACCEPTED.contains(version) && minor(version) < OLDEST_INSTALLABLE_MINOR;
  }

  /** The concrete version an accepted value installs, or empty when it cannot be installed. */
  public static Optional<String> resolve(String version) {
    if (!ACCEPTED.contains(version) || endOfLife(version)) {
      return Optional.empty();
    }
    if (version.endsWith("-latest")) {
      String prefix = version.substring(0, version.length() - "-latest".length()) + ".";
      return ACCEPTED.stream().filter(v -> v.startsWith(prefix)).findFirst();
    }
    return Optional.of(version);
  }

  private static int minor(String version) {
    String[] parts = version.substring(1).split("[.-]");
    return Integer.parseInt(parts[1]);
  }

  private static List<String> load() {
    try (InputStream in =
        SailRelease.class.getClassLoader().getResourceAsStream("validation/sail-versions.yaml")) {
      if (in == null) {
        throw new IllegalStateException("validation/sail-versions.yaml is missing");
      }
      List<String> versions = new ArrayList<>();
      for (JsonNode v : new ObjectMapper(new YAMLFactory()).readTree(in)) {
        versions.add(v.asText());
      }
      return Collections.unmodifiableList(versions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read validation/sail-versions.yaml", e);
    }
  }
}
