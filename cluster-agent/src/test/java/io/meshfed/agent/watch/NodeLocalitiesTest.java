package io.meshfed.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.meshfed.events.model.Locality;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeLocalitiesTest {

  @Test
  void distinctLocalitiesOfLabelledNodesSorted() {
    List<Node> nodes =
        List.of(
            node(Map.of(NodeLocalities.REGION, "r2", NodeLocalities.ZONE, "z1")),
            node(
                Map.of(
                    NodeLocalities.REGION,
                    "r1",
                    NodeLocalities.ZONE,
                    "z2",
                    NodeLocalities.SUBZONE,
                    "s")),
            node(Map.of(NodeLocalities.REGION, "r2", NodeLocalities.ZONE, "z1")),
            node(Map.of("kubernetes.io/hostname", "unlabelled")));

    assertThat(NodeLocalities.of(nodes))
        .containsExactly(new Locality("r1", "z2", "s"), new Locality("r2", "z1", null));
  }

  @Test
  void anUpdateSaysWhetherTheLocalitiesChanged() {
    NodeLocalities localities = new NodeLocalities();
    List<Node> nodes = List.of(node(Map.of(NodeLocalities.REGION, "r1")));
    assertThat(localities.update(nodes)).isTrue();
    assertThat(localities.update(nodes)).isFalse();
    assertThat(localities.current()).containsExactly(new Locality("r1", null, null));
  }

  private static Node node(Map<String, String> labels) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("n")
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
