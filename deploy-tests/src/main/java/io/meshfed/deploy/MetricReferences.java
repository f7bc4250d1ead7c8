package io.meshfed.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names that the Grafana dashboards and the Prometheus alert rules of {@code deploy/}
 * query, and a check of those names against what a service really exposes on {@code /q/metrics}.
 *
 * <p>Only names that start with {@code meshfed_} or {@code kafka_} count: the services' own metrics
 * and the Kafka clients' metrics. Label names, label values, range selectors and Grafana variables
 * in a query are not metric names and are skipped.
 *
 * <p>Dependency-free on purpose (JDK only), so that any test can use it: the end-to-end tests
 * scrape the running hub and agents and call {@link #unexposed(Collection, Collection)} with the
 * scraped text.
 */
public final class MetricReferences {

  /** Prefixes of the metric names this class collects. */
  public static final List<String> PREFIXES = List.of("meshfed_", "kafka_");

  private static final Pattern JSON_EXPR =
      Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern JSON_VARIABLE_QUERY =
      Pattern.compile("\"(?:query|definition)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern YAML_EXPR = Pattern.compile("^(\\s*)(?:-\\s+)?expr:\\s*(.*)$");
  private static final Pattern STRING_LITERAL =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile(
          "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Pattern SAMPLE_LINE = Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)[{\\s]");
  private static final Pattern TYPE_LINE =
      Pattern.compile("^#\\s+TYPE\\s+([A-Za-z_:][A-Za-z0-9_:]*)\\s+(\\w+)");
  private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_count", "_sum");

  private MetricReferences() {}

  /**
   * The metric names one PromQL expression queries.
   *
   * @param promql an expression, as written in a dashboard or a rule (Grafana variables allowed)
   */
  public static Set<String> inExpression(String promql) {
    String stripped = STRING_LITERAL.matcher(promql).replaceAll(" ");
    stripped = LABEL_MATCHERS.matcher(stripped).replaceAll(" ");
    stripped = RANGE.matcher(stripped).replaceAll(" ");
    stripped = LABEL_LIST.matcher(stripped).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(stripped);
    while (m.find()) {
      String name = m.group();
      boolean afterVariable = m.start() > 0 && stripped.charAt(m.start() - 1) == '$';
      if (!afterVariable && hasPrefix(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * The metric names a Grafana dashboard queries: every panel target's {@code expr} and every
   * templating variable's query (such as {@code label_values(meshfed_agent_phase, cluster)}).
   *
   * @param json the dashboard JSON
   */
  public static Set<String> inDashboard(String json) {
    Set<String> names = new TreeSet<>();
    for (String expr : jsonStrings(JSON_EXPR, json)) {
      names.addAll(inExpression(expr));
    }
    for (String query : jsonStrings(JSON_VARIABLE_QUERY, json)) {
      names.addAll(inVariableQuery(query));
    }
    return names;
  }

  /**
   * The metric names the {@code expr} of every rule in a Prometheus rule file queries. Handles
   * plain, quoted and block ({@code |}, {@code >}) YAML scalars.
   *
   * @param yaml the rule file
   */
  public static Set<String> inRules(String yaml) {
    Set<String> names = new TreeSet<>();
    for (String expr : ruleExpressions(yaml)) {
      names.addAll(inExpression(expr));
    }
    return names;
  }

  /**
   * Every metric name the dashboards and alert rules under a {@code deploy/} directory query: the
   * dashboards are the {@code *.json} files under {@code helm/} and {@code grafana/}, the rules the
   * {@code *.yaml} files directly in {@code prometheus/} (not their unit tests).
   *
   * @param deployDir the repository's {@code deploy/} directory
   */
  public static Set<String> inDeployDir(Path deployDir) {
    Set<String> names = new TreeSet<>();
    for (Path dashboard : filesUnder(deployDir.resolve("helm"), ".json", true)) {
      names.addAll(inDashboard(read(dashboard)));
    }
    for (Path dashboard : filesUnder(deployDir.resolve("grafana"), ".json", true)) {
      names.addAll(inDashboard(read(dashboard)));
    }
    for (Path rules : filesUnder(deployDir.resolve("prometheus"), ".yaml", false)) {
      names.addAll(inRules(read(rules)));
    }
    return names;
  }

  /**
   * The sample names a Prometheus text exposition (such as a {@code /q/metrics} answer) holds or
   * declares: every sample line's name, and for every {@code # TYPE} line the names that type
   * always has ({@code _bucket}, {@code _count} and {@code _sum} of a histogram, {@code _count} and
   * {@code _sum} of a summary, {@code _total} of a counter), so that a histogram that has not
   * observed anything yet still counts as exposed.
   *
   * @param scrape the text of one scrape
   */
  public static Set<String> exposedIn(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\\R")) {
      Matcher type = TYPE_LINE.matcher(line);
      if (type.find()) {
        String family = type.group(1);
        names.add(family);
        switch (type.group(2)) {
          case "histogram", "gaugehistogram" -> {
            for (String suffix : HISTOGRAM_SUFFIXES) {
              names.add(family + suffix);
            }
          }
          case "summary" -> {
            names.add(family + "_count");
            names.add(family + "_sum");
          }
          case "counter" -> {
            if (!family.endsWith("_total")) {
              names.add(family + "_total");
            }
          }
          default -> {}
        }
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE_LINE.matcher(line);
      if (sample.find()) {
        names.add(sample.group(1));
      }
    }
    return names;
  }

  /**
   * The referenced metric names that none of the scrapes exposes. Names are compared exactly, so a
   * query of {@code x_seconds_bucket} against a timer that publishes no histogram is reported.
   *
   * @param referenced names from {@link #inDeployDir}, {@link #inDashboard} or {@link #inRules}
   * @param scrapes the text of one scrape per service (for example the hub's and one agent's)
   * @return the missing names, sorted; empty when every reference is exposed
   */
  public static Set<String> unexposed(Collection<String> referenced, Collection<String> scrapes) {
    Set<String> exposed = new TreeSet<>();
    for (String scrape : scrapes) {
      exposed.addAll(exposedIn(scrape));
    }
    Set<String> missing = new TreeSet<>(referenced);
    missing.removeAll(exposed);
    return missing;
  }

  /**
   * The family a sample name belongs to: the name without a {@code _bucket}, {@code _count} or
   * {@code _sum} suffix ({@code meshfed_agent_reconcile_seconds_count} → {@code
   * meshfed_agent_reconcile_seconds}). Names without such a suffix are their own family.
   */
  public static String family(String sampleName) {
    for (String suffix : HISTOGRAM_SUFFIXES) {
      if (sampleName.endsWith(suffix) && sampleName.length() > suffix.length()) {
        return sampleName.substring(0, sampleName.length() - suffix.length());
      }
    }
    return sampleName;
  }

  /** {@link #family} of every name. */
  public static Set<String> families(Collection<String> sampleNames) {
    Set<String> families = new TreeSet<>();
    for (String name : sampleNames) {
      families.add(family(name));
    }
    return families;
  }

  /** The metric in {@code label_values(metric, label)} or a plain expression variable query. */
  private static Set<String> inVariableQuery(String query) {
    String trimmed = query.trim();
    if (trimmed.startsWith("label_values(")) {
      String args = trimmed.substring("label_values(".length(), trimmed.lastIndexOf(')'));
      int comma = args.lastIndexOf(',');
      return comma < 0 ? Set.of() : inExpression(args.substring(0, comma));
    }
    if (trimmed.startsWith("query_result(")) {
      return inExpression(trimmed.substring("query_result(".length(), trimmed.lastIndexOf(')')));
    }
    return Set.of();
  }

  private static boolean hasPrefix(String name) {
    for (String prefix : PREFIXES) {
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        return true;
      }
    }
    return false;
  }

  private static List<String> jsonStrings(Pattern keyAndValue, String json) {
    List<String> values = new ArrayList<>();
    Matcher m = keyAndValue.matcher(json);
    while (m.find()) {
      values.add(unescapeJson(m.group(1)));
    }
    return values;
  }

  private static String unescapeJson(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char next = s.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(next);
      }
    }
    return out.toString();
  }

  /** The value of every {@code expr:} key, whatever the YAML scalar style. */
  static List<String> ruleExpressions(String yaml) {
    List<String> exprs = new ArrayList<>();
    String[] lines = yaml.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = YAML_EXPR.matcher(lines[i]);
      if (!m.matches() || lines[i].trim().startsWith("#")) {
        continue;
      }
      String value = m.group(2).trim();
      if (value.startsWith("|") || value.startsWith(">")) {
        int keyIndent = m.group(1).length();
        StringBuilder block = new StringBuilder();
        while (i + 1 < lines.length
            && (lines[i + 1].isBlank() || indent(lines[i + 1]) > keyIndent)) {
          block.append(lines[++i].trim()).append('\n');
        }
        exprs.add(block.toString());
      } else if (value.startsWith("\"") && value.endsWith("\"") && value.length() > 1) {
        exprs.add(unescapeJson(value.substring(1, value.length() - 1)));
      } else if (value.startsWith("'") && value.endsWith("'") && value.length() > 1) {
        exprs.add(value.substring(1, value.length() - 1).replace("''", "'"));
      } else {
        exprs.add(stripYamlComment(value));
      }
    }
    return exprs;
  }

  private static String stripYamlComment(String plain) {
    int hash = plain.indexOf(" #");
    return hash < 0 ? plain : plain.substring(0, hash);
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static List<Path> filesUnder(Path dir, String suffix, boolean recursive) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
