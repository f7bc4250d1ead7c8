package io.meshfed.sandbox.cluster;

import static io.meshfed.sandbox.cluster.HandBuiltMesh.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Whole meshes set up by hand as the seeds do, for tests of other packages. */
public final class HandBuiltMeshes {

  private HandBuiltMeshes() {}

  /** A primary p1 on network n1 serving a remote r1 on network n2 (seed 003). */
  public static final class PrimaryRemote implements AutoCloseable {
    private final HandBuiltMesh mesh = new HandBuiltMesh();
    private final SimulatedCluster primary;
    private final SimulatedCluster remote;

    private PrimaryRemote() {
      primary = mesh.cluster("p1", "10.0.0.1");
      remote = mesh.cluster("r1", "10.0.1.1");
      mesh.namespaces(primary, "n1", null);
      mesh.cacerts(primary);
      mesh.cni(primary);
      mesh.primaryIstio(primary, "n1", true, "");
      // a gateway's pods made before its injector webhook exists never get their proxy (image
      // auto): as the seeds do, the gateways come once Istio is Ready
      awaitReady(primary);
      mesh.eastWestGateway(primary, "n1");
      mesh.crossNetworkGateway(primary);
      mesh.exposeIstiod(primary);
      mesh.namespaces(remote, "n2", "p1");
      mesh.cni(remote);
      mesh.remoteIstio(remote, "n2", "10.0.0.1");
      mesh.shareReader(remote, primary);
      awaitReady(remote);
      mesh.eastWestGateway(remote, "n2");
    }

    private static void awaitReady(SimulatedCluster c) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(HandBuiltMesh.ready(c, MeshCrds.ISTIO))
                      .containsEntry("status", "True"));
    }

    public SimulatedWorld world() {
      return mesh.world;
    }

    public SimulatedCluster primary() {
      return primary;
    }

    public SimulatedCluster remote() {
      return remote;
    }

    /** The primary's Istio without {@code values.pilot.cni.enabled}. */
    public void primaryIstioWithoutCni() {
      HandBuiltMesh.apply(
          primary,
          """
          apiVersion: sailoperator.io/v1
          kind: Istio
          metadata:
            name: default
          spec:
            version: v1.28.1
            namespace: istio-system
            values:
              global:
                meshID: mesh1
                multiCluster:
                  clusterName: p1
                network: n1
                externalIstiod: true
          """);
    }

    @Override
    public void close() {
      mesh.close();
    }
  }

  public static PrimaryRemote primaryRemoteMultiNetwork() {
    return new PrimaryRemote();
  }
}
