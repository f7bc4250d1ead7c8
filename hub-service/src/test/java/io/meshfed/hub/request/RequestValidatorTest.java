package io.meshfed.hub.request;

import static io.meshfed.hub.support.Meshes.applyAll;
import static io.meshfed.hub.support.Meshes.declared;
import static io.meshfed.hub.support.Meshes.primary;
import static io.meshfed.hub.support.Meshes.remote;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.Toleration;
import io.meshfed.events.model.UpdateCluster;
import io.meshfed.hub.registry.MeshRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

  private static Rejection rejected(MeshRegistry r, MembershipRequest request) {
    return RequestValidator.validate(r, request)
        .orElseThrow(() -> new AssertionError("expected a rejection of " + request));
  }

  @Test
  void meshAndClusterNamesAreDns1123Labels() {
    Rejection mesh =
        rejected(MeshRegistry.empty(1), new DeclareMesh("Mesh_1", "v1.28.1", null, null));
    assertThat(mesh.reason()).isEqualTo("InvalidName");
    assertThat(mesh.field()).isEqualTo("meshId");
    assertThat(mesh.httpStatus()).isEqualTo(400);
    assertThat(mesh.message()).contains("'Mesh_1'").contains("DNS-1123");

    Rejection cluster = rejected(declared("m"), primary("m", "-bad", "n1"));
    assertThat(cluster.field()).isEqualTo("clusterName");

    String tooLong = "a".repeat(64);
    assertThat(rejected(declared("m"), primary("m", tooLong, "n1")).reason())
        .isEqualTo("InvalidName");
  }

  @Test
  void istioVersionMustBeAVersion() {
    Rejection r = rejected(MeshRegistry.empty(1), new DeclareMesh("m", "latest", null, null));
    assertThat(r.reason()).isEqualTo("InvalidIstioVersion");
    assertThat(r.field()).isEqualTo("istioVersion");
    assertThat(
            RequestValidator.validate(
                MeshRegistry.empty(1), new DeclareMesh("m", "1.15.3-mspider", null, null)))
        .isEmpty();
  }

  @Test
  void cniAndPlacementAreChecked() {
    Rejection dir =
        rejected(
            MeshRegistry.empty(1),
            new DeclareMesh("m", "v1.28.1", new CniSettings("etc/cni", List.of()), null));
    assertThat(dir.field()).isEqualTo("cni.cniConfDir");

    Rejection ns =
        rejected(
            MeshRegistry.empty(1),
            new DeclareMesh(
                "m", "v1.28.1", new CniSettings("/etc/cni/net.d", List.of("ok", "Not_OK")), null));
    assertThat(ns.field()).isEqualTo("cni.excludeNamespaces[1]");

    GatewayPlacement badOperator =
        new GatewayPlacement(
            Map.of("node-role.kubernetes.io/infra", ""),
            List.of(new Toleration("infra", "Maybe", null, "NoSchedule")));
    Rejection op =
        rejected(
            declared("m"), new JoinCluster("m", "c1", Role.PRIMARY, "n1", null, badOperator, null));
    assertThat(op.reason()).isEqualTo("InvalidGatewayPlacement");
    assertThat(op.field()).isEqualTo("gatewayPlacement.tolerations[0].operator");
  }

  @Test
  void joinOfAnUndeclaredMeshIsNotFound() {
    Rejection r = rejected(MeshRegistry.empty(1), primary("ghost", "c1", "n1"));
    assertThat(r.httpStatus()).isEqualTo(404);
    assertThat(r.reason()).isEqualTo("MeshNotFound");
    assertThat(r.message()).contains("PUT /api/v1/meshes/ghost");
  }

  @Test
  void aClusterBelongsToAtMostOneMesh() {
    MeshRegistry r =
        applyAll(
            declared("m1"),
            new DeclareMesh("m2", "v1.28.1", null, null),
            primary("m1", "c1", "n1"));

    Rejection rejection = rejected(r, primary("m2", "c1", "n1"));

    assertThat(rejection.httpStatus()).isEqualTo(409);
    assertThat(rejection.reason()).isEqualTo("ClusterInOtherMesh");
    assertThat(rejection.message()).contains("'m1'");
  }

  @Test
  void remoteNeedsAPrimaryOfTheSameMeshAsControlPlane() {
    MeshRegistry r =
        applyAll(
            declared("m"),
            new DeclareMesh("other", "v1.28.1", null, null),
            primary("m", "p1", "n1"),
            remote("m", "r1", "n1", "p1"),
            primary("other", "p9", "n1"));

    assertThat(rejected(r, remote("m", "r2", "n1", null)).reason())
        .isEqualTo("ControlPlaneRequired");
    assertThat(rejected(r, remote("m", "r2", "n1", "nope")).reason())
        .isEqualTo("UnknownControlPlane");
    assertThat(rejected(r, remote("m", "r2", "n1", "p9")).reason())
        .isEqualTo("UnknownControlPlane");
    Rejection notPrimary = rejected(r, remote("m", "r2", "n1", "r1"));
    assertThat(notPrimary.reason()).isEqualTo("ControlPlaneNotPrimary");
    assertThat(notPrimary.field()).isEqualTo("controlPlaneCluster");
    assertThat(notPrimary.message()).contains("[p1]");
    assertThat(rejected(r, remote("m", "r2", "n1", "r2")).reason())
        .isEqualTo("InvalidControlPlane");
    assertThat(
            rejected(r, new JoinCluster("m", "p2", Role.PRIMARY, "n1", "p1", null, null)).reason())
        .isEqualTo("ControlPlaneNotAllowed");
    assertThat(RequestValidator.validate(r, remote("m", "r2", "n1", "p1"))).isEmpty();
  }

  @Test
  void primaryServingRemotesCannotLeaveOrBecomeARemote() {
    MeshRegistry r =
        applyAll(
            declared("m"),
            primary("m", "p1", "n1"),
            primary("m", "p2", "n1"),
            remote("m", "r1", "n1", "p1"));

    Rejection leave = rejected(r, new LeaveCluster("m", "p1"));
    assertThat(leave.httpStatus()).isEqualTo(409);
    assertThat(leave.reason()).isEqualTo("PrimaryServesRemotes");
    assertThat(leave.message()).contains("[r1]");

    Rejection demote =
        rejected(r, new UpdateCluster("m", "p1", Role.REMOTE, "n1", "p2", null, null));
    assertThat(demote.httpStatus()).isEqualTo(409);
    assertThat(demote.field()).isEqualTo("role");

    assertThat(RequestValidator.validate(r, new LeaveCluster("m", "p2"))).isEmpty();
  }

  @Test
  void networkIsRequiredOnceTheMeshSpansMoreThanOne() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "a", "n1"), primary("m", "b", "n2"));

    Rejection missing = rejected(r, primary("m", "c", null));
    assertThat(missing.reason()).isEqualTo("NetworkRequired");
    assertThat(missing.field()).isEqualTo("network");
    assertThat(missing.message()).contains("[n1, n2]").contains("'c'");

    MeshRegistry flat = applyAll(declared("f"), primary("f", "a", null));
    Rejection second = rejected(flat, primary("f", "b", "n2"));
    assertThat(second.reason()).isEqualTo("NetworkRequired");
    assertThat(second.message()).contains("[a]");

    assertThat(RequestValidator.validate(flat, primary("f", "b", null))).isEmpty();
    MeshRegistry single = applyAll(declared("s"), primary("s", "a", "n1"));
    assertThat(RequestValidator.validate(single, primary("s", "a", "n2")))
        .as("the only member may move to another network")
        .isEmpty();
  }

  @Test
  void updateAndLeaveOfANonMemberAreNotFound() {
    MeshRegistry r = applyAll(declared("m"), primary("m", "a", "n1"));

    Rejection update =
        rejected(r, new UpdateCluster("m", "zz", Role.PRIMARY, "n1", null, null, null));
    assertThat(update.httpStatus()).isEqualTo(404);
    assertThat(update.reason()).isEqualTo("ClusterNotFound");
    assertThat(rejected(r, new LeaveCluster("m", "zz")).httpStatus()).isEqualTo(404);
    assertThat(rejected(r, new LeaveCluster("ghost", "a")).reason()).isEqualTo("MeshNotFound");
  }

  @Test
  void roleNetworkAndApiServerUrlAreChecked() {
    MeshRegistry r = declared("m");
    assertThat(rejected(r, new JoinCluster("m", "a", null, "n1", null, null, null)).field())
        .isEqualTo("role");
    assertThat(
            rejected(r, new JoinCluster("m", "a", Role.UNKNOWN, "n1", null, null, null)).reason())
        .isEqualTo("InvalidRole");
    assertThat(rejected(r, primary("m", "a", "bad network")).reason()).isEqualTo("InvalidNetwork");
    Rejection url =
        rejected(r, new JoinCluster("m", "a", Role.PRIMARY, "n1", null, null, "not a url"));
    assertThat(url.reason()).isEqualTo("InvalidApiServerUrl");
    assertThat(url.field()).isEqualTo("apiServerUrl");
    for (String bad :
        List.of(
            "http://10.0.0.1:6443",
            "https://user:secret@10.0.0.1:6443",
            "https://10.0.0.1:6443?watch=true",
            "https://10.0.0.1:6443/#top",
            "https://cluster_1.example:6443",
            "https://10.0.0.1:6443/" + "p".repeat(2048))) {
      Rejection rejection =
          rejected(r, new JoinCluster("m", "a", Role.PRIMARY, "n1", null, null, bad));
      assertThat(rejection.reason())
          .as(bad.length() > 100 ? "a URL over 2048 characters" : bad)
          .isEqualTo("InvalidApiServerUrl");
      assertThat(rejection.message()).as("a refused URL is not repeated").doesNotContain(bad);
    }
    for (String good :
        List.of(
            "https://10.0.0.1:6443",
            "https://[fd00::1]:6443",
            "https://api.east.example.com",
            "https://api.east.example.com:6443/k8s/clusters/east")) {
      assertThat(
              RequestValidator.validate(
                  r, new JoinCluster("m", "a", Role.PRIMARY, "n1", null, null, good)))
          .as(good)
          .isEmpty();
    }
  }

  @Test
  void apiServerTlsServerNameIsADnsNameWithOrWithoutAnUrl() {
    MeshRegistry r = declared("m");
    for (String bad :
        List.of(
            "*.default.svc",
            "Kubernetes.default.svc",
            "kubernetes.default.svc.",
            "kube_rnetes",
            " ",
            "a".repeat(64) + ".svc",
            ("a".repeat(63) + ".").repeat(4) + "a")) {
      Rejection name =
          rejected(
              r,
              new JoinCluster(
                  "m",
                  "a",
                  Role.PRIMARY,
                  "n1",
                  null,
                  null,
                  "https://a-api.default.svc.clusterset.local:6443",
                  null,
                  bad));
      assertThat(name.reason()).as(bad).isEqualTo("InvalidApiServerTlsServerName");
      assertThat(name.field()).isEqualTo("apiServerTlsServerName");
      assertThat(name.httpStatus()).isEqualTo(400);
      assertThat(name.message())
          .startsWith("apiServerTlsServerName '" + bad + "' is not a DNS name")
          .contains("kubernetes.default.svc");
    }
    MeshRegistry joined = applyAll(r, primary("m", "a", "n1"));
    assertThat(
            rejected(
                    joined,
                    new UpdateCluster(
                        "m", "a", Role.PRIMARY, "n1", null, null, null, null, "*.svc"))
                .field())
        .isEqualTo("apiServerTlsServerName");

    for (String good :
        List.of("kubernetes.default.svc", "kubernetes", "10.96.0.1", "api.c1.example.com")) {
      assertThat(
              RequestValidator.validate(
                  r,
                  new JoinCluster(
                      "m",
                      "a",
                      Role.PRIMARY,
                      "n1",
                      null,
                      null,
                      "https://a-api.default.svc.clusterset.local:6443",
                      null,
                      good)))
          .as(good)
          .isEmpty();
    }
    assertThat(
            RequestValidator.validate(
                r,
                new JoinCluster(
                    "m",
                    "a",
                    Role.PRIMARY,
                    "n1",
                    null,
                    null,
                    null,
                    null,
                    "kubernetes.default.svc")))
        .as("a TLS name without an apiServerUrl override applies to the reported URL")
        .isEmpty();
    assertThat(
            RequestValidator.validate(
                r, new JoinCluster("m", "a", Role.PRIMARY, "n1", null, null, null, null, "")))
        .as("empty is absent")
        .isEmpty();
  }
}
