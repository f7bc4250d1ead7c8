package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alert rules are valid, tested by promtool, every alert is covered by a unit test and links
 * its runbook.
 */
class AlertRulesTest {

  private static final Path RULES = DeployDir.resolve("prometheus/meshfed-alerts.yaml");
  private static final Path RULE_TESTS =
      DeployDir.resolve("prometheus/tests/meshfed-alerts.test.yaml");
  private static final Path RUNBOOKS = DeployDir.root().resolveSibling("docs/runbooks.md");
  private static final String RUNBOOK_PREFIX = "docs/runbooks.md#";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    Promtool.Result result = promtool("check", "rules", RULES.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void promtoolUnitTestsOfTheRulesPass() throws Exception {
    Promtool.Result result = promtool("test", "rules", RULE_TESTS.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasAUnitTestThatExpectsItToFire() throws IOException {
    JsonNode tests = YAML.readTree(RULE_TESTS.toFile());
    Set<String> firing = new TreeSet<>();
    for (JsonNode test : tests.path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        if (!check.path("exp_alerts").isEmpty()) {
          firing.add(check.path("alertname").asText());
        }
      }
    }

    assertThat(firing).containsExactlyInAnyOrderElementsOf(alertNames());
  }

  @Test
  void everyAlertHasASeverityASummaryAndADescription() throws IOException {
    for (JsonNode rule : rules()) {
      String name = rule.path("alert").asText();
      assertThat(rule.path("labels").path("severity").asText())
          .as(name)
          .isIn("warning", "critical");
      assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
      assertThat(rule.path("annotations").path("description").asText()).as(name).isNotBlank();
    }
  }

  @Test
  void everyAlertLinksARunbookSectionThatExists() throws IOException {
    Set<String> anchors = headingAnchors(Files.readString(RUNBOOKS));
    for (JsonNode rule : rules()) {
      String name = rule.path("alert").asText();
      String url = rule.path("annotations").path("runbook_url").asText();

      assertThat(url).as("runbook_url of %s", name).startsWith(RUNBOOK_PREFIX);
      assertThat(anchors)
          .as("sections of docs/runbooks.md (runbook_url of %s)", name)
          .contains(url.substring(RUNBOOK_PREFIX.length()));
    }
  }

  @Test
  void runbookAnchorsAreTheHeadingsAsGitHubRendersThem() {
    assertThat(
            headingAnchors(
                "# Title\n\n## MeshfedHubDown\ntext ## not a heading\n### What it means, now\n"))
        .containsExactlyInAnyOrder("title", "meshfedhubdown", "what-it-means-now");
  }

  @Test
  void theRulesCoverWhatOperatorsMustHear() throws IOException {
    Set<String> metrics = MetricReferences.inRules(Files.readString(RULES));

    assertThat(metrics)
        .contains(
            "meshfed_agent_phase",
            "meshfed_hub_unreachable_clusters",
            "meshfed_hub_mesh_converged",
            "meshfed_hub_dlq_total",
            "meshfed_agent_dlq_total",
            "meshfed_agent_apply_errors_total",
            "kafka_consumer_fetch_manager_records_lag_max",
            "kafka_producer_record_error_total",
            "meshfed_hub_member",
            "meshfed_agent_credentials_refused_total",
            "meshfed_hub_intermediate_requests_total");
  }

  /** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped. */
  static Set<String> headingAnchors(String markdown) {
    Set<String> anchors = new TreeSet<>();
    for (String line : markdown.split("\\R")) {
      if (!line.startsWith("#")) {
        continue;
      }
      String heading = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
      anchors.add(heading.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
    }
    return anchors;
  }

  private static List<String> alertNames() throws IOException {
    return rules().stream().map(r -> r.path("alert").asText()).toList();
  }

  private static List<JsonNode> rules() throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.add(rule);
        }
      }
    }
    return alerts;
  }

  private static Promtool.Result promtool(String... args) throws Exception {
    return Promtool.run(RULES.getParent(), args);
  }
}
