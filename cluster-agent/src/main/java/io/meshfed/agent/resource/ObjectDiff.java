package io.meshfed.agent.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.meshfed.agent.model.MeshfedLabels;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a live object already holds what meshfed wants, and builds the object to write
 * when it does not. Pure functions on JSON trees.
 *
 * <p>meshfed owns, on an object: the labels and annotations it sets, and every top-level field of
 * its desired object other than {@code apiVersion}, {@code kind}, {@code metadata} and {@code
 * status} ({@code spec}, {@code data}, {@code rules}, ...). A live object is up to date when it
 * carries the hash of the current desired content (so a changed desired state, including a removed
 * field, is noticed) and contains every owned value (so an edit by someone else is noticed). Fields
 * the API server adds (defaults, a Service's cluster IP) are allowed.
 */
public final class ObjectDiff {

  private static final Set<String> NOT_OWNED = Set.of("apiVersion", "kind", "metadata", "status");
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  /** A Service's fields that the API server assigns and an update must carry over. */
  private static final Set<String> SERVICE_ASSIGNED =
      Set.of(
          "clusterIP",
          "clusterIPs",
          "ipFamilies",
          "ipFamilyPolicy",
          "healthCheckNodePort",
          "allocateLoadBalancerNodePorts",
          "externalTrafficPolicy",
          "internalTrafficPolicy",
          "sessionAffinity");

  private ObjectDiff() {}

  /**
   * The hash of what meshfed owns in a desired object, stored in {@code meshfed.io/desired-hash}.
   */
  public static String hash(JsonNode desired) {
    ObjectNode owned = JsonNodeFactory.instance.objectNode();
    JsonNode meta = desired.path("metadata");
    owned.set(
        "labels",
        meta.path("labels").isObject()
            ? meta.get("labels").deepCopy()
            : JsonNodeFactory.instance.objectNode());
    ObjectNode annotations =
        meta.path("annotations").isObject()
            ? ((ObjectNode) meta.get("annotations")).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    annotations.remove(MeshfedLabels.DESIRED_HASH);
    owned.set("annotations", annotations);
    desired
        .properties()
        .forEach(
            e -> {
              if (!NOT_OWNED.contains(e.getKey())) {
                owned.set(e.getKey(), e.getValue());
              }
            });
    try {
      byte[] canonical =
          CANONICAL
              .writeValueAsString(CANONICAL.treeToValue(owned, Object.class))
              .getBytes(StandardCharsets.UTF_8);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash a desired object", e);
    }
  }

  /** Whether the live object carries the desired hash and every value meshfed owns. */
  public static boolean upToDate(JsonNode desired, JsonNode live, String hash) {
    JsonNode liveMeta = live.path("metadata");
    if (!hash.equals(liveMeta.path("annotations").path(MeshfedLabels.DESIRED_HASH).asText(null))) {
      return false;
    }
    return holdsOwnedValues(desired, live);
  }

  /** Whether the live object contains every label, annotation and field of the desired one. */
  public static boolean holdsOwnedValues(JsonNode desired, JsonNode live) {
    JsonNode meta = desired.path("metadata");
    JsonNode liveMeta = live.path("metadata");
    if (!contains(liveMeta.path("labels"), meta.path("labels"))
        || !contains(liveMeta.path("annotations"), meta.path("annotations"))) {
      return false;
    }
    for (Map.Entry<String, JsonNode> field : desired.properties()) {
      if (!NOT_OWNED.contains(field.getKey())
          && !contains(live.path(field.getKey()), field.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code live} holds {@code desired}: objects may have more fields, arrays must have the
   * same length and hold the desired items in order, quantities compare by amount ({@code 2000m}
   * equals {@code 2}), an empty desired container equals an absent one.
   */
  static boolean contains(JsonNode live, JsonNode desired) {
    if (desired == null || desired.isMissingNode() || desired.isNull()) {
      return true;
    }
    if (desired.isContainerNode() && desired.isEmpty() && (live.isMissingNode() || live.isNull())) {
      return true;
    }
    if (desired.isObject()) {
      if (!live.isObject()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> field : desired.properties()) {
        if (!contains(live.path(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (desired.isArray()) {
      if (!live.isArray() || live.size() != desired.size()) {
        return false;
      }
      for (int i = 0; i < desired.size(); i++) {
        if (!contains(live.get(i), desired.get(i))) {
          return false;
        }
      }
      return true;
    }
    return sameScalar(live, desired);
  }

  private static boolean sameScalar(JsonNode live, JsonNode desired) {
    if (desired.equals(live)) {
      return true;
    }
    if (desired.isNumber() && live.isNumber()) {
      return desired.decimalValue().compareTo(live.decimalValue()) == 0;
    }
    if (desired.isTextual() && live.isTextual()) {
      BigDecimal a = quantity(desired.asText());
      BigDecimal b = quantity(live.asText());
      return a != null && b != null && a.compareTo(b) == 0;
    }
    return false;
  }

  private static BigDecimal quantity(String text) {
    if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || text.charAt(0) == '.')) {
      return null;
    }
    try {
      return Quantity.getAmountInBytes(new Quantity(text));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The object to write over {@code live}: the live object with meshfed's labels and annotations
   * (and the desired hash) set and every owned top-level field replaced by the desired one. Other
   * labels, annotations and fields, the resource version and the status stay as they are; a Service
   * keeps the cluster IP and node ports the API server assigned.
   */
  public static ObjectNode merged(JsonNode live, JsonNode desired, String hash) {
    ObjectNode out = live.deepCopy();
    ObjectNode meta = out.withObjectProperty("metadata");
    JsonNode desiredMeta = desired.path("metadata");
    mergeMap(meta, "labels", desiredMeta.path("labels"));
    mergeMap(meta, "annotations", desiredMeta.path("annotations"));
    meta.withObjectProperty("annotations").put(MeshfedLabels.DESIRED_HASH, hash);
    desired
        .properties()
        .forEach(
            e -> {
              if (!NOT_OWNED.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    if ("Service".equals(desired.path("kind").asText())
        && "v1".equals(desired.path("apiVersion").asText())) {
      keepServiceAssigned(live.path("spec"), out.withObjectProperty("spec"));
    }
    return out;
  }

  private static void mergeMap(ObjectNode meta, String field, JsonNode desired) {
    if (!desired.isObject() || desired.isEmpty()) {
      return;
    }
    ObjectNode target = meta.withObjectProperty(field);
    desired.properties().forEach(e -> target.set(e.getKey(), e.getValue().deepCopy()));
  }

  private static void keepServiceAssigned(JsonNode liveSpec, ObjectNode spec) {
    for (String field : SERVICE_ASSIGNED) {
      if (!spec.has(field) && liveSpec.has(field)) {
        spec.set(field, liveSpec.get(field).deepCopy());
      }
    }
    JsonNode livePorts = liveSpec.path("ports");
    JsonNode ports = spec.path("ports");
    if (!livePorts.isArray() || !ports.isArray()) {
      return;
    }
    for (JsonNode port : (ArrayNode) ports) {
      for (JsonNode livePort : livePorts) {
        if (port.path("name").equals(livePort.path("name"))
            && livePort.has("nodePort")
            && !port.has("nodePort")) {
          ((ObjectNode) port).set("nodePort", livePort.get("nodePort").deepCopy());
        }
      }
    }
  }
}
