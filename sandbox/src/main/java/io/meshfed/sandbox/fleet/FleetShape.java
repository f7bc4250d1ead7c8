package io.meshfed.sandbox.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * The meshes a fleet run declares: {@code meshes} meshes of {@code clustersPerMesh} clusters each,
 * every cluster on a network of its own, one primary per {@code primaryEvery} clusters serving the
 * remotes that follow it (1: every cluster a primary). Cluster names are unique across meshes, and
 * every cluster gets two east-west addresses of its own from the benchmarking range 198.18.0.0/15.
 */
public record FleetShape(int meshes, int clustersPerMesh, int primaryEvery) {

  /** One cluster of the fleet, as its join request names it. */
  public record Member(
      String mesh,
      String name,
      boolean primary,
      String network,
      String controlPlaneCluster,
      List<String> addresses) {}

  public FleetShape {
    if (meshes < 1 || clustersPerMesh < 2 || primaryEvery < 1) {
      throw new IllegalArgumentException(
          "a fleet needs 1 or more meshes of 2 or more clusters, a primary every 1 or more");
    }
    if ((long) meshes * clustersPerMesh > 60_000) {
      throw new IllegalArgumentException("at most 60,000 clusters: the address range ends there");
    }
  }

  public int clusters() {
    return meshes * clustersPerMesh;
  }

  public int primariesPerMesh() {
    return (clustersPerMesh + primaryEvery - 1) / primaryEvery;
  }

  public List<String> meshIds() {
    List<String> ids = new ArrayList<>();
    for (int m = 1; m <= meshes; m++) {
      ids.add(String.format("fleet-mesh-%02d", m));
    }
    return ids;
  }

  /** Every cluster, mesh by mesh, each mesh's primaries before its remotes. */
  public List<Member> members() {
    List<Member> out = new ArrayList<>();
    List<String> ids = meshIds();
    for (int m = 0; m < meshes; m++) {
      List<Member> remotes = new ArrayList<>();
      String primary = null;
      for (int i = 0; i < clustersPerMesh; i++) {
        int g = m * clustersPerMesh + i + 1;
        String name = String.format("m%02d-c%04d", m + 1, i + 1);
        String network = String.format("m%02d-net%04d", m + 1, i + 1);
        List<String> addresses =
            List.of(
                "198.18." + (g / 250) + "." + (g % 250 + 1),
                "198.19." + (g / 250) + "." + (g % 250 + 1));
        if (i % primaryEvery == 0) {
          primary = name;
          out.add(new Member(ids.get(m), name, true, network, null, addresses));
        } else {
          remotes.add(new Member(ids.get(m), name, false, network, primary, addresses));
        }
      }
      out.addAll(remotes);
    }
    return out;
  }

  /** In words, for the report. */
  public String describe() {
    String each =
        primaryEvery == 1
            ? clustersPerMesh + " primaries"
            : clustersPerMesh
                + " clusters, "
                + primariesPerMesh()
                + " primaries each serving the "
                + (primaryEvery - 1)
                + " remotes after it";
    return (meshes == 1 ? "1 mesh of " : meshes + " meshes of ")
        + each
        + ", every cluster on its own network";
  }
}
