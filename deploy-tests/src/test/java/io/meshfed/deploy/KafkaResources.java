package io.meshfed.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The Strimzi resources under {@code deploy/kafka}, as JSON trees. */
final class KafkaResources {

  private static final ObjectReader YAML =
      new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class);

  private KafkaResources() {}

  /** Every document of {@code deploy/kafka/<file>} of the given kind. */
  static List<JsonNode> load(String file, String kind) {
    List<JsonNode> found = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        YAML.readValues(DeployDir.read(DeployDir.resolve("kafka/" + file)))) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && kind.equals(document.path("kind").asText())) {
          found.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse deploy/kafka/" + file, e);
    }
    return found;
  }
}
