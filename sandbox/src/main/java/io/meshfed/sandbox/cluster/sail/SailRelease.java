package io.meshfed.sandbox.cluster.sail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The Istio versions of the simulated Sail operator, a {@code release-1.28} build (sail-operator
 * {@code api/v1/istio_types.go} {@code +kubebuilder:validation:Enum}, {@code pkg/istioversion},
 * {@code versions.yaml}): the CRDs of {@code Istio} and {@code IstioCNI} accept exactly {@link
 * #ACCEPTED} in {@code spec.version} (the API server refuses anything else); of those, the
 * end-of-life ones are accepted but not installable ({@code version "x" not found}); an alias
 * ({@code v1.28-latest}) resolves to the newest patch of its minor.
 */
public final class SailRelease {

  /** Installable: v1.28.0 to v1.28.10, v1.27.0 to v1.27.9, v1.26.0 to v1.26.8, and the aliases. */
  public static final List<String> INSTALLABLE = installable();

  /** End of life, accepted by the CRD but not installable. */
  public static final List<String> END_OF_LIFE =
      List.of(
          "v1.25-latest",
          "v1.25.5",
          "v1.25.4",
          "v1.25.3",
          "v1.25.2",
          "v1.25.1",
          "v1.24-latest",
          "v1.24.6",
          "v1.24.5",
          "v1.24.4",
          "v1.24.3",
          "v1.24.2",
          "v1.24.1",
          "v1.24.0",
          "v1.23-latest",
          "v1.23.6",
          "v1.23.5",
          "v1.23.4",
          "v1.23.3",
          "v1.23.2",
          "v1.22-latest",
          "v1.22.8",
          "v1.22.7",
          "v1.22.6",
          "v1.22.5",
          "v1.21.6");

  /** Every value the CRDs' enum accepts. */
  public static final List<String> ACCEPTED = accepted();

  /** The CRDs' default {@code spec.version}. */
  public static final String DEFAULT_VERSION = "v1.28.10";

  private SailRelease() {}

  /** The concrete version an accepted value installs, or empty when it cannot be installed. */
  public static Optional<String> resolve(String version) {
    if (!INSTALLABLE.contains(version)) {
      return Optional.empty();
    }
    if (version.endsWith("-latest")) {
      String minor = version.substring(0, version.length() - "-latest".length());
      return INSTALLABLE.stream().filter(v -> v.startsWith(minor + ".")).findFirst();
    }
    return Optional.of(version);
  }

  private static List<String> installable() {
    List<String> versions = new ArrayList<>();
    int[][] minors = {{28, 10}, {27, 9}, {26, 8}};
    for (int[] m : minors) {
      versions.add("v1." + m[0] + "-latest");
      for (int patch = m[1]; patch >= 0; patch--) {
        versions.add("v1." + m[0] + "." + patch);
      }
    }
    return Collections.unmodifiableList(versions);
  }

  private static List<String> accepted() {
    List<String> all = new ArrayList<>(installable());
    all.addAll(END_OF_LIFE);
    return Collections.unmodifiableList(all);
  }
}
