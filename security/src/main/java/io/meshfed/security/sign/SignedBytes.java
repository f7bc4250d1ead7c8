package io.meshfed.security.sign;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The canonical bytes a record signature covers, so that neither the key nor the body can be
 * changed, nor bytes moved between them:
 *
 * <pre>
 *   "meshfed.record.v1" 0x00
 *   uint32 length of the key (UTF-8) | key
 *   uint32 length of the body | body        (length 0xFFFFFFFF and no bytes for a tombstone)
 * </pre>
 *
 * Lengths are big-endian.
 */
final class SignedBytes {

  private static final byte[] DOMAIN = "meshfed.record.v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int TOMBSTONE = -1;

  private SignedBytes() {}

  static byte[] of(String recordKey, byte[] body) {
    if (recordKey == null) {
      throw new IllegalArgumentException("record key is required");
    }
    byte[] key = recordKey.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(
            DOMAIN.length + 8 + key.length + (body == null ? 0 : body.length));
    out.writeBytes(DOMAIN);
    out.writeBytes(ByteBuffer.allocate(4).putInt(key.length).array());
    out.writeBytes(key);
    out.writeBytes(ByteBuffer.allocate(4).putInt(body == null ? TOMBSTONE : body.length).array());
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }
}
