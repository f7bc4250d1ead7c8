package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The field checks of the core kinds meshfed writes besides Service: Secret (data keys, base64
 * values, 1 MiB, the keys its type requires, type and immutable data fixed on update), ConfigMap
 * (keys, 1 MiB), Namespace and ServiceAccount. Mirrors ValidateSecret, ValidateSecretUpdate,
 * ValidateConfigMap, ValidateNamespace and ValidateServiceAccount of
 * k8s.io/kubernetes/pkg/apis/core/validation/validation.go.
 */
final class CoreKindRules {

  /** The most bytes a Secret's or ConfigMap's data may hold (core.MaxSecretSize). */
  static final int MAX_DATA_SIZE = 1024 * 1024;

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private CoreKindRules() {}

  /**
   * Folds {@code stringData} into {@code data}, base64-encoded, as the API server does before it
   * validates and stores a Secret (stringData is write-only).
   *
   * @return whether the object changed
   */
  static boolean foldStringData(ObjectNode secret) {
    ObjectNode stringData = Json.object(secret.get("stringData"), FieldPath.of("stringData"));
    if (stringData == null) {
      return secret.remove("stringData") != null;
    }
    ObjectNode data = secret.withObjectProperty("data");
    for (Map.Entry<String, JsonNode> e : stringData.properties()) {
      String value = Json.text(e.getValue(), FieldPath.of("stringData").key(e.getKey()));
      data.put(
          e.getKey(),
          Base64.getEncoder()
              .encodeToString(Objects.toString(value, "").getBytes(StandardCharsets.UTF_8)));
    }
    secret.remove("stringData");
    return true;
  }

  static List<FieldError> secret(ObjectNode secret, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath dataPath = FieldPath.of("data");
    Map<String, byte[]> data = decodedData(secret, "data");
    long size = 0;
    for (Map.Entry<String, byte[]> e : data.entrySet()) {
      NameRules.configMapKey(e.getKey())
          .forEach(m -> errs.add(FieldError.invalid(dataPath.key(e.getKey()), e.getKey(), m)));
      size += e.getValue().length;
    }
    if (size > MAX_DATA_SIZE) {
      errs.add(FieldError.tooLong(dataPath, MAX_DATA_SIZE));
    }
    String type = secretType(secret);
    switch (type) {
      case "kubernetes.io/service-account-token" -> {
        Map<String, String> annotations =
            Json.stringMap(secret.path("metadata").get("annotations"), FieldPath.ROOT);
        String account = annotations.get("kubernetes.io/service-account.name");
        if (account == null || account.isEmpty()) {
          errs.add(
              FieldError.required(
                  FieldPath.of("metadata", "annotations").key("kubernetes.io/service-account.name"),
                  ""));
        }
      }
      case "kubernetes.io/dockercfg" -> jsonEntry(data, ".dockercfg", errs);
      case "kubernetes.io/dockerconfigjson" -> jsonEntry(data, ".dockerconfigjson", errs);
      case "kubernetes.io/basic-auth" -> {
        if (!data.containsKey("username") && !data.containsKey("password")) {
          errs.add(FieldError.required(dataPath.key("username"), ""));
          errs.add(FieldError.required(dataPath.key("password"), ""));
        }
      }
      case "kubernetes.io/ssh-auth" -> requireKeys(data, errs, "ssh-privatekey");
      case "kubernetes.io/tls" -> requireKeys(data, errs, "tls.crt", "tls.key");
      default -> {
        // Opaque and custom types hold anything
      }
    }
    if (old != null) {
      String oldType = secretType(old);
      if (!oldType.equals(type)) {
        errs.add(FieldError.invalid(FieldPath.of("type"), type, "field is immutable"));
      }
      if (Boolean.TRUE.equals(Json.bool(old.get("immutable"), FieldPath.of("immutable")))) {
        if (!Boolean.TRUE.equals(Json.bool(secret.get("immutable"), FieldPath.of("immutable")))) {
          errs.add(
              FieldError.forbidden(
                  FieldPath.of("immutable"), "field is immutable when `immutable` is set"));
        }
        if (!Objects.equals(old.get("data"), secret.get("data"))) {
          errs.add(FieldError.forbidden(dataPath, "field is immutable when `immutable` is set"));
        }
      }
    }
    return errs;
  }

  static List<FieldError> configMap(ObjectNode configMap, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>();
    Map<String, String> data = Json.stringMap(configMap.get("data"), FieldPath.of("data"));
    Map<String, byte[]> binary = decodedData(configMap, "binaryData");
    long size = 0;
    for (Map.Entry<String, String> e : data.entrySet()) {
      FieldPath at = FieldPath.of("data").key(e.getKey());
      NameRules.configMapKey(e.getKey())
          .forEach(m -> errs.add(FieldError.invalid(at, e.getKey(), m)));
      if (binary.containsKey(e.getKey())) {
        errs.add(FieldError.invalid(at, e.getKey(), "duplicate of key present in binaryData"));
      }
      size += NameRules.utf8Length(e.getValue());
    }
    for (Map.Entry<String, byte[]> e : binary.entrySet()) {
      FieldPath at = FieldPath.of("binaryData").key(e.getKey());
      NameRules.configMapKey(e.getKey())
          .forEach(m -> errs.add(FieldError.invalid(at, e.getKey(), m)));
      if (data.containsKey(e.getKey())) {
        errs.add(FieldError.invalid(at, e.getKey(), "duplicate of key present in data"));
      }
      size += e.getValue().length;
    }
    if (size > MAX_DATA_SIZE) {
      errs.add(FieldError.tooLong(FieldPath.of(""), MAX_DATA_SIZE));
    }
    return errs;
  }

  static List<FieldError> namespace(ObjectNode namespace, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath at = FieldPath.of("spec", "finalizers");
    for (String finalizer : Json.strings(namespace.path("spec").get("finalizers"), at)) {
      NameRules.qualifiedName(finalizer)
          .forEach(m -> errs.add(FieldError.invalid(at, finalizer, m)));
    }
    return errs;
  }

  static List<FieldError> serviceAccount(ObjectNode account, ObjectNode old) {
    Json.array(account.get("secrets"), FieldPath.of("secrets"));
    Json.array(account.get("imagePullSecrets"), FieldPath.of("imagePullSecrets"));
    Json.bool(
        account.get("automountServiceAccountToken"), FieldPath.of("automountServiceAccountToken"));
    return List.of();
  }

  private static String secretType(ObjectNode secret) {
    String type = Json.text(secret.get("type"), FieldPath.of("type"));
    return type == null || type.isEmpty() ? "Opaque" : type;
  }

  private static void requireKeys(Map<String, byte[]> data, List<FieldError> errs, String... keys) {
    for (String key : keys) {
      if (!data.containsKey(key)) {
        errs.add(FieldError.required(FieldPath.of("data").key(key), ""));
      }
    }
  }

  private static void jsonEntry(Map<String, byte[]> data, String key, List<FieldError> errs) {
    byte[] value = data.get(key);
    if (value == null) {
      errs.add(FieldError.required(FieldPath.of("data").key(key), ""));
      return;
    }
    try {
      JSON.readTree(value);
    } catch (IOException e) {
      errs.add(
          FieldError.invalid(
              FieldPath.of("data").key(key), "<secret contents redacted>", e.getMessage()));
    }
  }

  /** A {@code map[string][]byte}: every value must be base64, as Go's decoder requires. */
  private static Map<String, byte[]> decodedData(ObjectNode object, String field) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    Json.stringMap(object.get(field), FieldPath.of(field)).forEach((k, v) -> out.put(k, base64(v)));
    return out;
  }

  private static byte[] base64(String value) {
    int bad = firstBadBase64Byte(value);
    if (bad >= 0) {
      throw new Json.DecodeException("illegal base64 data at input byte " + bad);
    }
    return Base64.getDecoder().decode(value);
  }

  private static int firstBadBase64Byte(String value) {
    if (BASE64.matcher(value).matches() && value.length() % 4 == 0) {
      try {
        Base64.getDecoder().decode(value);
        return -1;
      } catch (IllegalArgumentException e) {
        return value.length();
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) && c < 0x80 || c == '+' || c == '/';
      if (!ok) {
        return i;
      }
    }
    return value.length() - value.length() % 4;
  }
}
