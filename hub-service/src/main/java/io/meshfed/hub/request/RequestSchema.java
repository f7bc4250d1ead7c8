package io.meshfed.hub.request;

import io.meshfed.events.EventType;
import io.meshfed.events.schema.EventSchemas;
import io.meshfed.events.schema.EventSchemas.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a request body against the JSON Schema that events-schema publishes for its type, the same
 * file a platform team validates against: what a field may hold is said there once. The rules that
 * need more than one field's value or the registry stay in {@link RequestValidator}. The first
 * violation becomes the rejection, with the field at fault and the reason the API has always given
 * for that field ({@code InvalidNetwork}, {@code InvalidName}, ...). Pure.
 */
public final class RequestSchema {

  /** Fields whose value a message does not repeat: an API-server URL may carry a password. */
  private static final Set<String> NOT_SHOWN = Set.of("apiServerUrl");

  private static final Set<String> UNKNOWN_FIELD_KEYWORDS =
      Set.of("additionalProperties", "unevaluatedProperties", "propertyNames");

  /** The reason of a rejection for a value that breaks its field's rule, by top-level field. */
  private static final Map<String, String> REASONS =
      Map.ofEntries(
          Map.entry("meshId", "InvalidName"),
          Map.entry("clusterName", "InvalidName"),
          Map.entry("controlPlaneCluster", "InvalidName"),
          Map.entry("network", "InvalidNetwork"),
          Map.entry("role", "InvalidRole"),
          Map.entry("istioVersion", "InvalidIstioVersion"),
          Map.entry("cni", "InvalidCni"),
          Map.entry("gatewayPlacement", "InvalidGatewayPlacement"),
          Map.entry("apiServerUrl", "InvalidApiServerUrl"),
          Map.entry("apiServerTlsServerName", "InvalidApiServerTlsServerName"),
          Map.entry("gatewayAddressPool", "InvalidGatewayAddressPool"),
          Map.entry("signingPublicKey", "InvalidSigningKey"));

  private RequestSchema() {}

  /** The rejection of a body that breaks its schema; empty when it validates. */
  public static Optional<Rejection> check(EventType type, byte[] body) {
    List<Violation> violations = EventSchemas.validate(type, body);
    return violations.stream().findFirst().map(v -> rejection(type, v));
  }

  static Rejection rejection(EventType type, Violation v) {
    String field = v.field().isEmpty() ? null : v.field();
    String top = field == null ? "" : field.split("[.\\[]", 2)[0];
    String reason;
    if (UNKNOWN_FIELD_KEYWORDS.contains(v.keyword())) {
      reason = "UnknownField";
    } else if (v.keyword().equals("required")) {
      reason = top.equals("controlPlaneCluster") ? "ControlPlaneRequired" : "MissingField";
    } else if (v.keyword().equals("false") && top.equals("controlPlaneCluster")) {
      reason = "ControlPlaneNotAllowed";
    } else {
      reason = REASONS.getOrDefault(top, "InvalidValue");
    }
    boolean shown = v.value() != null && !NOT_SHOWN.contains(top) && v.value().length() <= 256;
    String message =
        (field == null ? "the body" : field)
            + (shown ? " '" + v.value() + "'" : "")
            + " breaks the "
            + type.messageName()
            + " schema: "
            + v.message()
            + (v.rule() == null ? "" : ". Expected: " + v.rule());
    return Rejection.invalid(reason, field, message);
  }
}
