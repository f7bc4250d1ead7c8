package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A cluster's credential sealed once for all its recipients: the credential encrypted once with a
 * data key, and that key sealed to each recipient (HPKE), bound to the sender, the recipient, the
 * purpose, the credential id and the encrypted body. Only a recipient opens it; the hub routes it
 * without reading it. One more recipient adds one wrapped key (about 120 characters), not another
 * copy of the credential.
 *
 * @param purpose what the credential is for, e.g. {@code remote-secret}
 * @param credentialId an opaque id of the token generation inside, 1 to 253 visible ASCII
 *     characters (it is a line of {@link AppliedCredentials#digest}); recipients report it back
 * @param expiresAt when the token inside expires
 * @param ciphertext base64: a 12-byte nonce, then the AES-256-GCM ciphertext and tag
 * @param recipients the data key sealed to each recipient, base64, by recipient cluster
 */
public record CredentialEnvelope(
    @JsonProperty(required = true) String purpose,
    @JsonProperty(required = true) String credentialId,
    Instant expiresAt,
    @JsonProperty(required = true) String ciphertext,
    SortedMap<String, String> recipients) {

  /** At most this many characters in a credential id. */
  public static final int MAX_ID_LENGTH = 253;

  public CredentialEnvelope {
    if (credentialId != null && !AppliedCredentials.isVisibleAscii(credentialId, MAX_ID_LENGTH)) {
      throw new InvalidFieldException(
          "credentialId",
          "credentialId must be 1 to "
              + MAX_ID_LENGTH
              + " visible ASCII characters (no space, no control character)");
    }
    recipients =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(recipients == null ? Map.of() : recipients));
  }
}
