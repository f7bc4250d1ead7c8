package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every value of a chart is in its README's values table, with the default values.yaml gives. */
class ValuesDocumentedTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `(.*)` \\| (.*) \\|$");

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void everyValueIsDocumentedWithItsDefault(String chart) throws IOException {
    JsonNode values = YAML.readTree(Charts.dir(chart).resolve("values.yaml").toFile());
    Map<String, JsonNode> documented = table(chart);

    Map<String, JsonNode> leaves = new LinkedHashMap<>();
    flatten("", values, documented, leaves);

    assertThat(documented.keySet()).containsAll(leaves.keySet());
    leaves.forEach(
        (key, value) -> assertThat(documented.get(key)).as("default of %s", key).isEqualTo(value));
    assertThat(leaves.keySet()).containsAll(documented.keySet());
  }

  @ParameterizedTest
  @ValueSource(strings = {Charts.AGENT, Charts.HUB})
  void everyDocumentedValueIsDescribed(String chart) throws IOException {
    for (String line : valuesSection(chart).split("\\R")) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        assertThat(row.group(3)).as("description of %s", row.group(1)).isNotBlank();
      }
    }
  }

  /** Leaves of the values tree; a map documented as a whole (like resources) is one leaf. */
  private static void flatten(
      String prefix, JsonNode node, Map<String, JsonNode> documented, Map<String, JsonNode> out) {
    if (!node.isObject() || node.isEmpty() || documented.containsKey(prefix)) {
      out.put(prefix, node);
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      flatten(key, field.getValue(), documented, out);
    }
  }

  private static Map<String, JsonNode> table(String chart) throws IOException {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    for (String line : valuesSection(chart).split("\\R")) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        rows.put(row.group(1), JSON.readTree(row.group(2)));
      }
    }
    assertThat(rows).as("values table of %s/README.md", chart).isNotEmpty();
    return rows;
  }

  /** The part of the chart's README between the values markers. */
  private static String valuesSection(String chart) {
    String readme = DeployDir.read(Charts.dir(chart).resolve("README.md"));
    int begin = readme.indexOf("<!-- values:begin -->");
    int end = readme.indexOf("<!-- values:end -->");
    assertThat(begin).as("values markers in %s/README.md", chart).isNotNegative().isLessThan(end);
    return readme.substring(begin, end);
  }
}
