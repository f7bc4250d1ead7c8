package io.meshfed.events.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest by which a primary reports the peers' credentials it applied, instead of listing them:
 * its status stays the same size however large the mesh, and the hub, which knows what it routed to
 * the primary, compares it with the digest of that. {@code sha256:} followed by the unpadded
 * base64url SHA-256 of one line per peer, sorted by peer name: the peer's cluster name, a space,
 * the credential id, a newline. No credential applied gives the digest of nothing.
 */
public final class AppliedCredentials {

  /** The prefix of every digest: the algorithm. */
  public static final String PREFIX = "sha256:";

  private AppliedCredentials() {}

  /**
   * The digest of credentials applied.
   *
   * @param credentialIdByPeer the id of the credential applied, by peer cluster
   * @throws IllegalArgumentException when a name or an id is not visible ASCII: the lines would be
   *     ambiguous ({@link CredentialEnvelope} refuses such an id when it is read)
   */
  public static String digest(Map<String, String> credentialIdByPeer) {
    credentialIdByPeer.forEach(
        (peer, id) -> {
          if (!isVisibleAscii(peer, 253) || !isVisibleAscii(id, CredentialEnvelope.MAX_ID_LENGTH)) {
            throw new IllegalArgumentException(
                "a peer name and a credential id are visible ASCII without spaces: " + peer);
          }
        });
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(credentialIdByPeer).entrySet()) {
      sha.update((e.getKey() + " " + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
  }

  /** Whether the text is 1 to {@code max} visible ASCII characters (no space, no control). */
  static boolean isVisibleAscii(String text, int max) {
    if (text == null || text.isEmpty() || text.length() > max) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
