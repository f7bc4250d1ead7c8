package io.meshfed.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One Kubernetes API call an agent made: the verb as RBAC names it, the API group ({@code ""} for
 * the core group), the resource (with {@code /subresource} if any), the namespace ({@code ""} for
 * cluster-scoped calls and calls across all namespaces) and the name RBAC authorizes it by ({@code
 * ""} for none: a list, a watch or a create; a list or watch by a {@code metadata.name} field
 * selector has one).
 */
record ApiCall(String verb, String group, String resource, String namespace, String name) {

  ApiCall(String verb, String group, String resource, String namespace) {
    this(verb, group, resource, namespace, "");
  }

  static final Set<String> VERBS =
      Set.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");

  private static final Set<String> CORE_GROUP = Set.of("", "-", "core", "\"\"", "v1");
  private static final Set<String> NO_NAMESPACE = Set.of("", "-", "*", "<cluster>", "<none>");
  private static final Set<String> NO_NAME = Set.of("", "-", "*", "<none>");

  boolean clusterScoped() {
    return namespace.isEmpty();
  }

  /**
   * Reads the calls the agent's component tests record, one per line: {@code verb group/resource
   * namespace [name]} (the agent's format, e.g. {@code create core/secrets istio-system -}, {@code
   * get sailoperator.io/istios * default}) or {@code verb group resource namespace [name]},
   * separated by tabs, commas or spaces; a missing name or {@code -} is none. The core group may be
   * written as {@code core}, {@code -} or left empty between two separators; a cluster-scoped
   * call's namespace as {@code *} or {@code -}. Blank lines and lines starting with {@code #} are
   * skipped.
   *
   * @throws IllegalArgumentException naming the line when it is not of that form
   */
  static List<ApiCall> parse(String text) {
    List<ApiCall> calls = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\\R")) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] fields = groupAndResource(split(trimmed));
      if (fields.length < 3 || fields.length > 5) {
        throw new IllegalArgumentException(
            "line " + number + " is not 'verb group resource namespace [name]': " + line);
      }
      String verb = fields[0].toLowerCase(Locale.ROOT);
      if (!VERBS.contains(verb)) {
        throw new IllegalArgumentException(
            "line " + number + ": unknown verb '" + fields[0] + "', expected one of " + VERBS);
      }
      String group = CORE_GROUP.contains(fields[1]) ? "" : fields[1];
      String namespace = fields.length < 4 || NO_NAMESPACE.contains(fields[3]) ? "" : fields[3];
      String name = fields.length < 5 || NO_NAME.contains(fields[4]) ? "" : fields[4];
      calls.add(new ApiCall(verb, group, fields[2], namespace, name));
    }
    return calls;
  }

  /**
   * {@code verb group/resource namespace [name]} as {@code verb group resource namespace [name]}.
   */
  private static String[] groupAndResource(String[] fields) {
    if (fields.length < 3 || fields.length > 4 || !fields[1].contains("/")) {
      return fields;
    }
    int slash = fields[1].indexOf('/');
    String[] split = new String[fields.length + 1];
    split[0] = fields[0];
    split[1] = fields[1].substring(0, slash);
    split[2] = fields[1].substring(slash + 1);
    System.arraycopy(fields, 2, split, 3, fields.length - 2);
    return split;
  }

  private static String[] split(String line) {
    if (line.contains("\t")) {
      return trimAll(line.split("\t", -1));
    }
    if (line.contains(",")) {
      return trimAll(line.split(",", -1));
    }
    return line.split("\\s+");
  }

  private static String[] trimAll(String[] fields) {
    for (int i = 0; i < fields.length; i++) {
      fields[i] = fields[i].strip();
    }
    return fields;
  }
}
