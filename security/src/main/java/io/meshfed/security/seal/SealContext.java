package io.meshfed.security.seal;

import io.meshfed.security.Names;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a sealed credential is bound to: who sealed it, for whom, and for what. It enters HPKE as
 * the context info, so a ciphertext opens only under the same three values and cannot be replayed
 * to another pair of clusters or used for another purpose.
 *
 * @param senderCluster the cluster whose credential is sealed
 * @param recipientCluster the cluster that may open it
 * @param purpose what the credential is for, e.g. {@link #REMOTE_SECRET}
 */
public record SealContext(String senderCluster, String recipientCluster, String purpose) {

  /** A kubeconfig for {@code istio-remote-secret-<sender>} in the recipient's cluster. */
  public static final String REMOTE_SECRET = "remote-secret";

  private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
  private static final byte[] DOMAIN = "meshfed.seal.v1\0".getBytes(StandardCharsets.US_ASCII);

  public SealContext {
    Names.requireClusterName(senderCluster, "senderCluster");
    Names.requireClusterName(recipientCluster, "recipientCluster");
    Names.requireText(purpose, "purpose");
    if (!PURPOSE.matcher(purpose).matches()) {
      throw new IllegalArgumentException(
          "purpose '" + purpose + "' must be lower-case letters, digits, '.' and '-'");
    }
  }

  /** The context of {@code sender}'s remote-secret kubeconfig sealed for {@code recipient}. */
  public static SealContext remoteSecret(String sender, String recipient) {
    return new SealContext(sender, recipient, REMOTE_SECRET);
  }

  /** The HPKE context info: a domain tag, then each value length-prefixed (uint32, big-endian). */
  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(DOMAIN);
    for (String part : new String[] {senderCluster, recipientCluster, purpose}) {
      byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
      out.writeBytes(utf8);
    }
    return out.toByteArray();
  }
}
