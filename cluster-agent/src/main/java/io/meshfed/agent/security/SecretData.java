package io.meshfed.agent.security;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads and writes the {@code data} of Secrets as text. Pure. */
public final class SecretData {

  private SecretData() {}

  /**
   * The entries of a Secret read as a generic resource, base64-decoded to UTF-8 text; an entry that
   * is not base64 is left out.
   */
  public static Map<String, String> of(GenericKubernetesResource secret) {
    Map<String, String> text = new TreeMap<>();
    if (secret.getAdditionalProperties().get("data") instanceof Map<?, ?> data) {
      data.forEach(
          (key, value) -> {
            if (key != null && value != null) {
              decode(value.toString()).ifPresent(v -> text.put(key.toString(), v));
            }
          });
    }
    return text;
  }

  /** A Secret's annotation, if set. */
  public static Optional<String> annotation(GenericKubernetesResource secret, String key) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(key))
        .filter(v -> !v.isBlank());
  }

  /** Text entries as a Secret's {@code data} (base64 of UTF-8). */
  public static Map<String, String> encode(Map<String, String> text) {
    Map<String, String> data = new TreeMap<>();
    text.forEach((k, v) -> data.put(k, encode(v)));
    return data;
  }

  /** One text value as base64 of UTF-8. */
  public static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<String> decode(String base64) {
    try {
      return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
