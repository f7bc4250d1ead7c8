package io.meshfed.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders each of the seeds' topologies and compares every object, as a tree, with the golden YAML
 * written by hand from the seeds under {@code src/test/resources/golden/<topology>}.
 */
class ClusterRenderingGoldenTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Stream<Arguments> topologies() {
    return Stream.of(
        Arguments.of("multi-primary-one-network", SeedTopologies.multiPrimaryOneNetwork()),
        Arguments.of("multi-primary-multi-network", SeedTopologies.multiPrimaryMultiNetwork()),
        Arguments.of("primary-of-remotes", SeedTopologies.primaryOfRemotes()),
        Arguments.of("remote-multi-network", SeedTopologies.remoteMultiNetwork()),
        Arguments.of("flat-submariner", SeedTopologies.flatSubmariner()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologies")
  void rendersWhatTheSeedsInstall(String topology, SeedTopologies.Case input) throws Exception {
    DesiredObjects rendered = RenderingFixture.render(input);

    Map<String, JsonNode> actual = new TreeMap<>();
    for (HasMetadata object : rendered.all()) {
      JsonNode tree = YAML.readTree(SERIALIZATION.asJson(object));
      assertThat(actual.put(key(tree), normalize(tree))).as("duplicate %s", key(tree)).isNull();
    }
    Map<String, JsonNode> expected = golden(topology);

    assertThat(actual.keySet()).as("objects of %s", topology).isEqualTo(expected.keySet());
    for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
      assertThat(actual.get(e.getKey()))
          .as("%s in %s", e.getKey(), topology)
          .isEqualTo(e.getValue());
    }
    assertThat(rendered.waiting()).isEmpty();
    assertThat(rendered.complete()).isTrue();
  }

  private static Map<String, JsonNode> golden(String topology)
      throws IOException, URISyntaxException {
    URL dir = ClusterRenderingGoldenTest.class.getResource("/golden/" + topology);
    assertThat(dir).as("golden directory of %s", topology).isNotNull();
    Map<String, JsonNode> objects = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        Iterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(in);
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc == null || doc.isNull() || doc.isEmpty()) {
            continue;
          }
          objects.put(key(doc), normalize(doc));
        }
      }
    }
    return objects;
  }

  private static String key(JsonNode object) {
    JsonNode meta = object.path("metadata");
    return object.path("apiVersion").asText()
        + "/"
        + object.path("kind").asText()
        + " "
        + meta.path("namespace").asText("")
        + "/"
        + meta.path("name").asText();
  }

  /**
   * Secrets: the golden files hold the kubeconfig in {@code stringData} (as {@code istioctl} writes
   * it), the agent writes base64 {@code data}; both become parsed YAML under {@code stringData}.
   */
  private static JsonNode normalize(JsonNode object) throws IOException {
    if (!"Secret".equals(object.path("kind").asText())) {
      return object;
    }
    ObjectNode copy = object.deepCopy();
    ObjectNode strings = YAML.createObjectNode();
    for (String field : List.of("data", "stringData")) {
      JsonNode values = copy.remove(field);
      if (values == null) {
        continue;
      }
      List<String> names = new ArrayList<>();
      values.properties().forEach(e -> names.add(e.getKey()));
      for (String name : names) {
        String text = values.get(name).asText();
        if (field.equals("data")) {
          text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        }
        strings.set(name, YAML.readTree(text));
      }
    }
    copy.set("stringData", strings);
    return copy;
  }
}
