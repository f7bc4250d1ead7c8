package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A credential sealed by one cluster for one recipient cluster (HPKE): only the recipient can open
 * it, and only for the sender, recipient and purpose it was sealed under. The hub routes it without
 * being able to read it.
 *
 * @param purpose what the credential is for, e.g. {@code remote-secret}
 * @param credentialId an opaque id of the token generation inside; recipients report it back
 * @param ciphertext the HPKE ciphertext, base64
 * @param expiresAt when the token inside expires
 */
public record SealedCredential(
    @JsonProperty(required = true) String purpose,
    @JsonProperty(required = true) String credentialId,
    @JsonProperty(required = true) String ciphertext,
    Instant expiresAt) {

  /** The purpose of a kubeconfig for {@code istio-remote-secret-<sender>}. */
  public static final String REMOTE_SECRET = "remote-secret";
}
