package io.meshfed.sandbox.cluster.validation;

/**
 * What the dispatcher knows of one resource type of the API server: its kind, scope, name format,
 * whether it has a status subresource, and how it is validated.
 *
 * @param group the API group, empty for the core group
 * @param version the version whose schema {@code rules} and {@code schema} describe; null for any
 * @param plural the resource name in paths
 * @param rules the kind's field checks (for a custom resource: its schema and CEL rules)
 * @param schema the structural schema of a custom resource (pruning, defaults), null for built-in
 *     kinds
 * @param webhook a validating webhook the kind has in a real mesh, or null
 */
record ResourceKind(
    String group,
    String version,
    String kind,
    String plural,
    boolean namespaced,
    NameRule nameRule,
    boolean statusSubresource,
    KindRules rules,
    CrdSchema schema,
    AdmissionWebhook webhook) {

  static ResourceKind builtIn(
      String group,
      String version,
      String kind,
      String plural,
      boolean namespaced,
      NameRule nameRule,
      boolean statusSubresource,
      KindRules rules) {
    return new ResourceKind(
        group, version, kind, plural, namespaced, nameRule, statusSubresource, rules, null, null);
  }

  /** A resource this package has no rules for: only its metadata is checked. */
  static ResourceKind unknown(ResourcePath path) {
    return new ResourceKind(
        path.group(),
        null,
        null,
        path.plural(),
        path.namespace() != null,
        NameRule.PATH_SEGMENT,
        false,
        KindRules.NONE,
        null,
        null);
  }

  boolean custom() {
    return schema != null;
  }

  boolean known() {
    return kind != null;
  }

  /** {@code Istio.sailoperator.io}, or {@code Secret} for the core group. */
  String qualifiedKind() {
    String k = kind == null ? plural : kind;
    return group.isEmpty() ? k : k + "." + group;
  }

  /** {@code istios.sailoperator.io}, or {@code secrets} for the core group. */
  String qualifiedResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}
