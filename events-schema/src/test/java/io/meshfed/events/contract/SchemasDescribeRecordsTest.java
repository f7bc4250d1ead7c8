package io.meshfed.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schemas say what the Java records say: the same fields, the same required ones, the
 * shared types where the records use them, names as DNS labels, and a description on every field.
 */
class SchemasDescribeRecordsTest {

  private static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
  private static final Set<String> CONDITIONS = Set.of("if", "then", "else");

  /** Topics keyed by a cluster name (the record's own cluster, or the sender of a credential). */
  private static final Set<String> KEYED_BY_CLUSTER =
      Set.of(Topics.DESIRED, Topics.CREDENTIALS, Topics.STATUS);

  private static final Set<String> DNS_NAMES =
      Set.of("meshId", "clusterName", "controlPlaneCluster", "fromRegistry", "sender");

  @ParameterizedTest
  @EnumSource(EventType.class)
  void identifiesItselfAndItsEvent(EventType type) {
    JsonNode schema = SchemaFiles.of(type);

    assertThat(schema.path("$schema").asText()).isEqualTo(DRAFT);
    assertThat(schema.path("$id").asText())
        .isEqualTo(SchemaValidator.ID_PREFIX + type.messageName() + ".schema.json");
    assertThat(schema.path("title").asText()).isEqualTo(type.messageName());
    assertThat(schema.path("description").asText())
        .contains(type.ceType())
        .contains(type.topic())
        .contains(KEYED_BY_CLUSTER.contains(type.topic()) ? "key: cluster name" : "key: mesh id");
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void closesRequestsAndLeavesEverythingElseOpen(EventType type) {
    JsonNode additional = SchemaFiles.of(type).path("additionalProperties");

    if (MembershipRequest.class.isAssignableFrom(type.recordClass())) {
      assertThat(additional.isBoolean() && !additional.asBoolean()).isTrue();
    } else {
      assertThat(additional.isMissingNode()).as("additionalProperties").isTrue();
    }
  }

  static Stream<Class<?>> records() {
    Set<Class<?>> all = new LinkedHashSet<>();
    for (EventType type : EventType.values()) {
      collect(type.recordClass(), all);
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("records")
  void hasEveryFieldOfTheRecordAndRequiresTheRequiredOnes(Class<?> record) {
    JsonNode schema = schemaOf(record);

    assertThat(SchemaFiles.fieldNames(schema.path("properties")))
        .containsExactly(componentNames(record).toArray(String[]::new));
    assertThat(SchemaFiles.texts(schema.path("required")))
        .containsExactlyInAnyOrderElementsOf(requiredNames(record));
  }

  @ParameterizedTest
  @MethodSource("records")
  void usesTheSharedTypesTheRecordUses(Class<?> record) {
    JsonNode properties = schemaOf(record).path("properties");
    boolean request = MembershipRequest.class.isAssignableFrom(record);
    for (RecordComponent component : record.getRecordComponents()) {
      JsonNode property = properties.path(component.getName());
      String name = record.getSimpleName() + "." + component.getName();
      for (Class<?> nested : recordTypesOf(component.getGenericType())) {
        String def = request ? nested.getSimpleName() + "Request" : nested.getSimpleName();
        assertThat(SchemaFiles.uses(property, def)).as("%s uses $defs/%s", name, def).isTrue();
      }
      if (component.getType() == Role.class) {
        String def = request ? "Role" : "ReportedRole";
        assertThat(SchemaFiles.uses(property, def)).as("%s uses $defs/%s", name, def).isTrue();
      }
      if (component.getType() == Phase.class) {
        assertThat(SchemaFiles.uses(property, "Phase")).as(name).isTrue();
      }
      if (component.getType() == Instant.class) {
        assertThat(SchemaFiles.uses(property, "Timestamp")).as(name).isTrue();
      }
      if (DNS_NAMES.contains(component.getName())) {
        assertThat(SchemaFiles.uses(property, "DnsLabel")).as("%s is a DNS label", name).isTrue();
      }
      if (component.getName().equals("network")) {
        assertThat(SchemaFiles.uses(property, "NetworkName"))
            .as("%s is a network name", name)
            .isTrue();
      }
    }
  }

  @Test
  void requestVariantsAcceptExactlyTheFieldsOfTheirRecord() {
    JsonNode defs = SchemaFiles.common().path("$defs");
    List<String> variants = new ArrayList<>();
    for (String name : SchemaFiles.fieldNames(defs)) {
      if (!name.endsWith("Request")) {
        continue;
      }
      variants.add(name);
      Class<?> record = recordNamed(name.substring(0, name.length() - "Request".length()));
      assertThat(SchemaFiles.texts(defs.path(name).path("propertyNames").path("enum")))
          .as(name)
          .containsExactlyElementsOf(componentNames(record));
    }
    assertThat(variants)
        .containsExactlyInAnyOrder(
            "CniSettingsRequest", "TolerationRequest", "GatewayPlacementRequest");
  }

  @Test
  void enumsListWhatJavaWrites() {
    List<String> phases =
        Arrays.stream(Phase.values()).filter(p -> p != Phase.UNKNOWN).map(Phase::wireName).toList();
    List<String> roles =
        Arrays.stream(Role.values()).filter(r -> r != Role.UNKNOWN).map(Role::name).toList();

    assertThat(SchemaFiles.texts(SchemaFiles.def("Phase").path("enum")))
        .containsExactlyElementsOf(phases);
    assertThat(SchemaFiles.texts(SchemaFiles.def("Role").path("enum")))
        .containsExactlyElementsOf(roles);
    assertThat(SchemaFiles.def("ReportedRole").has("enum")).isFalse();
  }

  @Test
  void dnsLabelIsTheKubernetesOne() {
    JsonNode label = SchemaFiles.def("DnsLabel");

    assertThat(label.path("pattern").asText()).isEqualTo("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    assertThat(label.path("maxLength").asInt()).isEqualTo(63);
    assertThat(SchemaFiles.uses(SchemaFiles.def("MemberPlan"), "DnsLabel")).isTrue();
    assertThat(
            SchemaFiles.uses(SchemaFiles.def("MeshNetworks").path("propertyNames"), "NetworkName"))
        .isTrue();
    assertThat(
            SchemaFiles.uses(
                SchemaFiles.def("MemberPlan").path("properties").path("remoteSecretPeers"),
                "DnsLabel"))
        .isTrue();
  }

  /**
   * A network name becomes the value of the label topology.istio.io/network and a key of
   * meshNetworks: Kubernetes' label-value syntax, of which a DNS label is a special case.
   */
  @Test
  void networkNameIsAKubernetesLabelValue() {
    JsonNode network = SchemaFiles.def("NetworkName");

    assertThat(network.path("pattern").asText())
        .isEqualTo("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$");
    assertThat(network.path("minLength").asInt()).isEqualTo(1);
    assertThat(network.path("maxLength").asInt()).isEqualTo(63);
    assertThat(
            SchemaFiles.uses(
                SchemaFiles.def("MemberPlan").path("properties").path("network"), "NetworkName"))
        .isTrue();
  }

  /** The schema's form of the digest is what {@link AppliedCredentials#digest} writes. */
  @Test
  void theAppliedCredentialsDigestPatternIsWhatJavaWrites() {
    Pattern pattern =
        Pattern.compile(
            SchemaFiles.of(EventType.CLUSTER_STATUS)
                .path("properties")
                .path("appliedCredentialsDigest")
                .path("pattern")
                .asText());

    assertThat(pattern.pattern()).startsWith("^" + AppliedCredentials.PREFIX);
    for (Map<String, String> applied :
        List.of(
            Map.<String, String>of(),
            Map.of("east", "east-3"),
            Map.of("east", "east-3", "west", "west-1"))) {
      assertThat(AppliedCredentials.digest(applied)).matches(pattern);
    }
  }

  @Test
  void everyFieldAndEveryTypeIsDescribed() {
    List<String> undescribed = new ArrayList<>();
    for (EventType type : EventType.values()) {
      findUndescribed(SchemaFiles.of(type), type.messageName(), undescribed);
    }
    JsonNode common = SchemaFiles.common();
    findUndescribed(common, SchemaFiles.COMMON, undescribed);
    for (String def : SchemaFiles.fieldNames(common.path("$defs"))) {
      if (common.path("$defs").path(def).path("description").asText().isBlank()) {
        undescribed.add(SchemaFiles.COMMON + "#/$defs/" + def);
      }
    }

    assertThat(undescribed).isEmpty();
  }

  /**
   * Every property under {@code properties} has a description; the subschemas of a condition
   * constrain fields described elsewhere.
   */
  private static void findUndescribed(JsonNode node, String path, List<String> undescribed) {
    if (!node.isContainerNode()) {
      return;
    }
    JsonNode properties = node.path("properties");
    if (properties.isObject()) {
      for (String name : SchemaFiles.fieldNames(properties)) {
        if (properties.path(name).path("description").asText().isBlank()) {
          undescribed.add(path + "/" + name);
        }
      }
    }
    for (Map.Entry<String, JsonNode> child : node.properties()) {
      if (!CONDITIONS.contains(child.getKey())) {
        findUndescribed(child.getValue(), path + "/" + child.getKey(), undescribed);
      }
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findUndescribed(node.get(i), path + "/" + i, undescribed);
      }
    }
  }

  private static JsonNode schemaOf(Class<?> record) {
    return Arrays.stream(EventType.values())
        .filter(t -> t.recordClass().equals(record))
        .findFirst()
        .map(SchemaFiles::of)
        .orElseGet(() -> SchemaFiles.def(record.getSimpleName()));
  }

  private static List<String> componentNames(Class<?> record) {
    return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
  }

  private static List<String> requiredNames(Class<?> record) {
    return Arrays.stream(record.getRecordComponents())
        .filter(
            c -> {
              JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
              return p != null && p.required();
            })
        .map(RecordComponent::getName)
        .toList();
  }

  private static void collect(Class<?> record, Set<Class<?>> into) {
    if (!into.add(record)) {
      return;
    }
    for (RecordComponent component : record.getRecordComponents()) {
      for (Class<?> nested : recordTypesOf(component.getGenericType())) {
        collect(nested, into);
      }
    }
  }

  /** The record types a component holds: itself, or the elements of its list or map. */
  private static List<Class<?>> recordTypesOf(Type type) {
    List<Class<?>> found = new ArrayList<>();
    if (type instanceof Class<?> c && c.isRecord()) {
      found.add(c);
    } else if (type instanceof ParameterizedType p) {
      for (Type argument : p.getActualTypeArguments()) {
        found.addAll(recordTypesOf(argument));
      }
    }
    return found;
  }

  private static Class<?> recordNamed(String simpleName) {
    return records()
        .filter(r -> r.getSimpleName().equals(simpleName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no record " + simpleName));
  }
}
