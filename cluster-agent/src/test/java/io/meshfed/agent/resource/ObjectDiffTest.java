package io.meshfed.agent.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshfed.agent.model.MeshfedLabels;
import org.junit.jupiter.api.Test;

class ObjectDiffTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String DEPLOYMENT =
      """
      {"apiVersion":"apps/v1","kind":"Deployment",
       "metadata":{"name":"gw","namespace":"istio-system","labels":{"app":"gw","app.kubernetes.io/managed-by":"meshfed"}},
       "spec":{"template":{"spec":{
         "containers":[{"name":"proxy","resources":{"limits":{"cpu":"2000m","memory":"1024Mi"}}}],
         "tolerations":[{"key":"infra","operator":"Equal","value":"reserved","effect":"NoSchedule"}]}}}}
      """;

  @Test
  void theHashCoversWhatMeshfedOwnsAndNothingElse() throws Exception {
    ObjectNode desired = tree(DEPLOYMENT);
    String hash = ObjectDiff.hash(desired);

    ObjectNode withStatusAndOrder = tree(DEPLOYMENT);
    withStatusAndOrder.set("status", JSON.readTree("{\"replicas\":3}"));
    withStatusAndOrder.withObjectProperty("metadata").put("resourceVersion", "42");
    withStatusAndOrder
        .withObjectProperty("metadata")
        .withObjectProperty("annotations")
        .put(MeshfedLabels.DESIRED_HASH, "x");
    assertThat(ObjectDiff.hash(withStatusAndOrder)).isEqualTo(hash);

    ObjectNode otherSpec = tree(DEPLOYMENT);
    ((ObjectNode) otherSpec.at("/spec/template/spec")).remove("tolerations");
    assertThat(ObjectDiff.hash(otherSpec)).isNotEqualTo(hash);

    ObjectNode otherLabel = tree(DEPLOYMENT);
    otherLabel.withObjectProperty("metadata").withObjectProperty("labels").put("app", "other");
    assertThat(ObjectDiff.hash(otherLabel)).isNotEqualTo(hash);
  }

  @Test
  void aLiveObjectWithServerDefaultsAndNormalisedQuantitiesIsUpToDate() throws Exception {
    ObjectNode desired = tree(DEPLOYMENT);
    String hash = ObjectDiff.hash(desired);
    ObjectNode live = tree(DEPLOYMENT);
    live.withObjectProperty("metadata")
        .withObjectProperty("annotations")
        .put(MeshfedLabels.DESIRED_HASH, hash);
    live.withObjectProperty("metadata")
        .withObjectProperty("labels")
        .put("kubernetes.io/extra", "x");
    ObjectNode container = (ObjectNode) live.at("/spec/template/spec/containers/0");
    container.put("imagePullPolicy", "IfNotPresent");
    ((ObjectNode) container.at("/resources/limits")).put("cpu", "2").put("memory", "1Gi");
    ((ObjectNode) live.at("/spec")).put("revisionHistoryLimit", 10);

    assertThat(ObjectDiff.upToDate(desired, live, hash)).isTrue();
  }

  @Test
  void anEditedOrStaleLiveObjectIsNotUpToDate() throws Exception {
    ObjectNode desired = tree(DEPLOYMENT);
    String hash = ObjectDiff.hash(desired);

    ObjectNode withoutHash = tree(DEPLOYMENT);
    assertThat(ObjectDiff.upToDate(desired, withoutHash, hash)).as("no hash").isFalse();

    ObjectNode edited = tree(DEPLOYMENT);
    edited
        .withObjectProperty("metadata")
        .withObjectProperty("annotations")
        .put(MeshfedLabels.DESIRED_HASH, hash);
    ((ObjectNode) edited.at("/spec/template/spec/tolerations/0")).put("value", "other");
    assertThat(ObjectDiff.upToDate(desired, edited, hash)).as("edited value").isFalse();

    ObjectNode extraItem = tree(DEPLOYMENT);
    extraItem
        .withObjectProperty("metadata")
        .withObjectProperty("annotations")
        .put(MeshfedLabels.DESIRED_HASH, hash);
    ((com.fasterxml.jackson.databind.node.ArrayNode)
            extraItem.at("/spec/template/spec/tolerations"))
        .addObject()
        .put("key", "other");
    assertThat(ObjectDiff.upToDate(desired, extraItem, hash)).as("added list item").isFalse();

    ObjectNode lostLabel = tree(DEPLOYMENT);
    lostLabel
        .withObjectProperty("metadata")
        .withObjectProperty("annotations")
        .put(MeshfedLabels.DESIRED_HASH, hash);
    lostLabel.withObjectProperty("metadata").withObjectProperty("labels").remove("app");
    assertThat(ObjectDiff.upToDate(desired, lostLabel, hash)).as("removed label").isFalse();
  }

  @Test
  void anEmptyDesiredContainerMatchesAnAbsentOne() throws Exception {
    JsonNode desired = JSON.readTree("{\"a\":{},\"b\":[],\"c\":1}");
    assertThat(ObjectDiff.contains(JSON.readTree("{\"c\":1}"), desired)).isTrue();
    assertThat(ObjectDiff.contains(JSON.readTree("{\"c\":2}"), desired)).isFalse();
    assertThat(ObjectDiff.contains(JSON.readTree("\"10.0.0.1\""), JSON.readTree("\"10.0.0.2\"")))
        .isFalse();
  }

  @Test
  void theMergedObjectReplacesOwnedFieldsAndKeepsEverythingElse() throws Exception {
    ObjectNode desired = tree(DEPLOYMENT);
    ((ObjectNode) desired.at("/spec/template/spec")).remove("tolerations");
    ObjectNode live = tree(DEPLOYMENT);
    live.withObjectProperty("metadata").put("resourceVersion", "7");
    live.withObjectProperty("metadata").withObjectProperty("labels").put("team", "platform");
    live.withObjectProperty("metadata").withObjectProperty("annotations").put("note", "kept");
    live.set("status", JSON.readTree("{\"replicas\":2}"));

    ObjectNode merged = ObjectDiff.merged(live, desired, "h1");

    assertThat(merged.at("/metadata/resourceVersion").asText()).isEqualTo("7");
    assertThat(merged.at("/metadata/labels/team").asText()).isEqualTo("platform");
    assertThat(merged.at("/metadata/labels/app").asText()).isEqualTo("gw");
    assertThat(merged.at("/metadata/annotations/note").asText()).isEqualTo("kept");
    assertThat(merged.at("/metadata/annotations").get(MeshfedLabels.DESIRED_HASH).asText())
        .isEqualTo("h1");
    assertThat(merged.at("/status/replicas").asInt()).isEqualTo(2);
    assertThat(merged.at("/spec/template/spec").has("tolerations"))
        .as("a field removed from the desired state is removed")
        .isFalse();
  }

  @Test
  void aServiceKeepsItsClusterIpAndNodePorts() throws Exception {
    ObjectNode desired =
        tree(
            """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"gw"},
             "spec":{"type":"LoadBalancer","ports":[{"name":"tls","port":15443}]}}
            """);
    ObjectNode live =
        tree(
            """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"gw","resourceVersion":"3"},
             "spec":{"type":"LoadBalancer","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
                     "ports":[{"name":"tls","port":15443,"nodePort":31443}]}}
            """);

    ObjectNode merged = ObjectDiff.merged(live, desired, "h");

    assertThat(merged.at("/spec/clusterIP").asText()).isEqualTo("10.96.0.10");
    assertThat(merged.at("/spec/clusterIPs/0").asText()).isEqualTo("10.96.0.10");
    assertThat(merged.at("/spec/ports/0/nodePort").asInt()).isEqualTo(31443);
  }

  private static ObjectNode tree(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }
}
