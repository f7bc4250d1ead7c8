package io.meshfed.sandbox.cluster.validation;

import java.util.List;

/**
 * Which format a kind's {@code metadata.name} must have. A {@code generateName} is checked as a
 * prefix: a trailing '-' counts as a letter, since the server appends random characters
 * (k8s.io/apimachinery/pkg/api/validation/generic.go, NameIsDNSSubdomain and its siblings).
 */
enum NameRule {
  /** Most kinds: Secret, ConfigMap, ServiceAccount, Deployment, custom resources, ... */
  DNS_SUBDOMAIN,
  /** Namespace. */
  DNS_LABEL,
  /** Service. */
  DNS_1035_LABEL,
  /** Role, ClusterRole, RoleBinding, ClusterRoleBinding and kinds this package does not know. */
  PATH_SEGMENT;

  List<String> check(String name, boolean prefix) {
    String value = prefix && name.endsWith("-") ? name.substring(0, name.length() - 1) + "a" : name;
    return switch (this) {
      case DNS_SUBDOMAIN -> NameRules.dns1123Subdomain(value);
      case DNS_LABEL -> NameRules.dns1123Label(value);
      case DNS_1035_LABEL -> NameRules.dns1035Label(value);
      case PATH_SEGMENT -> NameRules.pathSegment(name);
    };
  }
}
