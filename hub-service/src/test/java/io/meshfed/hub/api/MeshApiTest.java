package io.meshfed.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterJoined;
import io.meshfed.events.model.ClusterLeft;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.hub.support.HubFixture;
import io.meshfed.hub.support.InMemoryProfile;
import io.meshfed.hub.support.Records;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(InMemoryProfile.class)
@Order(1)
class MeshApiTest extends HubFixture {

  @Test
  void declareAndJoinAreAcceptedWithTheirGenerationOnceOnTheLog() {
    declare("api-a")
        .statusCode(202)
        .body("meshId", equalTo("api-a"))
        .body("generation", equalTo(1))
        .body("requestId", notNullValue());

    String requestId =
        join("api-a", "c1", "{\"role\":\"PRIMARY\",\"network\":\"network-c1\"}")
            .statusCode(202)
            .body("clusterName", equalTo("c1"))
            .body("generation", equalTo(1))
            .extract()
            .path("requestId");

    List<Records.Sent> desired = sent(Topics.DESIRED, r -> "c1".equals(r.key()));
    assertThat(desired).hasSize(1);
    DesiredMembership d = desired.get(0).as(DesiredMembership.class);
    assertThat(d.meshId()).isEqualTo("api-a");
    assertThat(d.istioVersion()).isEqualTo("v1.28.1");
    assertThat(d.generation()).isEqualTo(1);
    assertThat(desired.get(0).ceType()).isEqualTo("io.meshfed.membership.desired.v1");
    assertThat(sent(Topics.MESHES, r -> "api-a".equals(r.key())))
        .extracting(r -> r.as(MeshRecord.class).revision())
        .containsExactly(1L, 2L);
    assertThat(sent(Topics.EVENTS, r -> "api-a".equals(r.key())))
        .anySatisfy(r -> assertThat(r.as(RequestAccepted.class).requestId()).isEqualTo(requestId))
        .anySatisfy(r -> assertThat(r.ceType()).isEqualTo("io.meshfed.event.cluster.joined.v1"));
  }

  @Test
  void getShowsEveryMemberPendingUntilItReports() {
    declare("api-b").statusCode(202);
    join("api-b", "p1", "{\"role\":\"PRIMARY\",\"network\":\"n1\"}").statusCode(202);
    join("api-b", "r1", "{\"role\":\"REMOTE\",\"network\":\"n2\",\"controlPlaneCluster\":\"p1\"}")
        .statusCode(202);

    get("/api/v1/meshes/api-b")
        .statusCode(200)
        .body("meshId", equalTo("api-b"))
        .body("istioVersion", equalTo("v1.28.1"))
        .body("revision", equalTo(3))
        .body("converged", equalTo(false))
        .body("clusters.name", contains("p1", "r1"))
        .body("clusters[0].phase", equalTo("Pending"))
        .body("clusters[0].role", equalTo("PRIMARY"))
        .body("clusters[0].generation", equalTo(2))
        .body("clusters[1].generation", equalTo(1))
        .body("clusters[0].observedGeneration", nullValue())
        .body("clusters[0].eastWestAddress", nullValue())
        .body("clusters[0].remoteSecretPeers", contains("r1"))
        .body("clusters[1].remoteSecretPeers", empty())
        .body("clusters[1].controlPlaneCluster", equalTo("p1"))
        .body("meshNetworks.n1.endpoints[0].fromRegistry", equalTo("p1"))
        .body("meshNetworks.n2.endpoints[0].fromRegistry", equalTo("r1"));

    get("/api/v1/meshes").statusCode(200).body("meshes.meshId", hasItem("api-b"));
  }

  @Test
  void updateIncrementsTheGenerationAndLeaveWritesATombstone() {
    declare("api-c").statusCode(202);
    join("api-c", "x1", "{\"role\":\"PRIMARY\"}").statusCode(202).body("generation", equalTo(1));
    // x2's join does not touch x1's desired record: x1 finds x2 on the credentials topic.
    join("api-c", "x2", "{\"role\":\"PRIMARY\"}").statusCode(202);
    get("/api/v1/meshes/api-c")
        .body("clusters[0].generation", equalTo(1))
        .body("clusters[0].remoteSecretPeers", contains("x2"));
    join(
            "api-c",
            "x1",
            "{\"role\":\"PRIMARY\",\"gatewayPlacement\":{\"nodeSelector\":{\"infra\":\"true\"}}}")
        .statusCode(202)
        .body("generation", equalTo(2));

    asAdmin()
        .when()
        .delete("/api/v1/meshes/api-c/clusters/x2")
        .then()
        .statusCode(202)
        .body("clusterName", equalTo("x2"));

    assertThat(sent(Topics.DESIRED, r -> "x2".equals(r.key())))
        .last()
        .satisfies(r -> assertThat(r.isTombstone()).isTrue());
    assertThat(sent(Topics.EVENTS, r -> "api-c".equals(r.key())))
        .anySatisfy(r -> assertThat(r.as(ClusterLeft.class).clusterName()).isEqualTo("x2"));
    get("/api/v1/meshes/api-c").body("clusters.name", contains("x1"));
  }

  @Test
  void unknownFieldIsABadRequestNamingItAndNothingIsWritten() {
    declare("api-d").statusCode(202);
    int before = sent(Topics.EVENTS).size();

    join("api-d", "d1", "{\"role\":\"PRIMARY\",\"netwrok\":\"n1\"}")
        .statusCode(400)
        .body("reason", equalTo("UnknownField"))
        .body("field", equalTo("netwrok"))
        .body("message", containsString("network"));
    join("api-d", "d1", "{\"role\":\"primary\"}")
        .statusCode(400)
        .body("reason", equalTo("InvalidValue"))
        .body("field", equalTo("role"));
    join("api-d", "d1", "{\"network\":\"n1\"}")
        .statusCode(400)
        .body("reason", equalTo("MissingField"))
        .body("field", equalTo("role"));
    put("/api/v1/meshes/api-d", "{\"istioVersion\":\"v1.28.1\",\"cni\":{\"confDir\":\"/x\"}}")
        .statusCode(400)
        .body("field", equalTo("cni.confDir"));

    assertThat(sent(Topics.EVENTS)).hasSize(before);
    assertThat(sent(Topics.DESIRED, r -> "d1".equals(r.key()))).isEmpty();
  }

  @Test
  void validationAnswers400404And409WithWhatToFix() {
    join("api-none", "c1", "{\"role\":\"PRIMARY\"}")
        .statusCode(404)
        .body("reason", equalTo("MeshNotFound"))
        .body("message", containsString("PUT /api/v1/meshes/api-none"));

    declare("api-e").statusCode(202);
    declare("api-f").statusCode(202);
    join("api-e", "e1", "{\"role\":\"PRIMARY\",\"network\":\"n1\"}").statusCode(202);
    join("api-e", "e2", "{\"role\":\"REMOTE\",\"network\":\"n2\",\"controlPlaneCluster\":\"e1\"}")
        .statusCode(202);

    join("api-f", "e1", "{\"role\":\"PRIMARY\"}")
        .statusCode(409)
        .body("reason", equalTo("ClusterInOtherMesh"));
    join("api-e", "e3", "{\"role\":\"PRIMARY\"}")
        .statusCode(400)
        .body("reason", equalTo("NetworkRequired"))
        .body("field", equalTo("network"));
    join("api-e", "e3", "{\"role\":\"REMOTE\",\"network\":\"n1\",\"controlPlaneCluster\":\"e2\"}")
        .statusCode(400)
        .body("reason", equalTo("ControlPlaneNotPrimary"));
    join("api-e", "Bad_Name", "{\"role\":\"PRIMARY\",\"network\":\"n1\"}")
        .statusCode(400)
        .body("field", equalTo("clusterName"));
    asAdmin()
        .when()
        .delete("/api/v1/meshes/api-e/clusters/e1")
        .then()
        .statusCode(409)
        .body("reason", equalTo("PrimaryServesRemotes"))
        .body("message", containsString("e2"));
    asAdmin()
        .when()
        .delete("/api/v1/meshes/api-e/clusters/nobody")
        .then()
        .statusCode(404)
        .body("reason", equalTo("ClusterNotFound"));
    get("/api/v1/meshes/api-none").statusCode(404).body("reason", equalTo("MeshNotFound"));

    assertThat(sent(Topics.EVENTS, r -> "api-e".equals(r.key())))
        .anySatisfy(r -> assertThat(r.ceType()).isEqualTo("io.meshfed.event.request.rejected.v1"));
    assertThat(sent(Topics.EVENTS, r -> "api-e".equals(r.key())))
        .filteredOn(r -> r.ceType().equals("io.meshfed.event.cluster.joined.v1"))
        .extracting(r -> r.as(ClusterJoined.class).clusterName())
        .containsExactly("e1", "e2");
  }

  @Test
  void apiServerTlsServerNameReachesTheDesiredRecordAndABadOneIsA400NamingIt() {
    declare("api-g").statusCode(202);

    join("api-g", "g1", "{\"role\":\"PRIMARY\",\"apiServerTlsServerName\":\"*.default.svc\"}")
        .statusCode(400)
        .body("reason", equalTo("InvalidApiServerTlsServerName"))
        .body("field", equalTo("apiServerTlsServerName"))
        .body("message", containsString("apiServerTlsServerName '*.default.svc'"))
        .body("message", containsString("RFC 1123 subdomain"));
    assertThat(sent(Topics.DESIRED, r -> "g1".equals(r.key()))).isEmpty();

    join(
            "api-g",
            "g1",
            "{\"role\":\"PRIMARY\","
                + "\"apiServerUrl\":\"https://g1-api.default.svc.clusterset.local:6443\","
                + "\"apiServerTlsServerName\":\"kubernetes.default.svc\"}")
        .statusCode(202)
        .body("generation", equalTo(1));

    DesiredMembership d =
        sent(Topics.DESIRED, r -> "g1".equals(r.key())).get(0).as(DesiredMembership.class);
    assertThat(d.apiServerUrl()).isEqualTo("https://g1-api.default.svc.clusterset.local:6443");
    assertThat(d.apiServerTlsServerName()).isEqualTo("kubernetes.default.svc");
  }
}
