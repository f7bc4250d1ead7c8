package io.meshfed.hub.signing;

import io.meshfed.hub.HubConfig;
import io.meshfed.security.sign.HubRecordSignatures;
import io.meshfed.security.sign.RequestSignatures;
import io.meshfed.security.sign.SigningKeys;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.jboss.logging.Logger;

/**
 * The key the hub signs its records with ({@link HubRecordSignatures}): read from {@code
 * meshfed.hub.signing-key-file}, or from {@code hub-signing-key.pem} in the CA directory, where it
 * is generated (mode 0600) at the first start. Agents pin its public key (the agent chart's {@code
 * hub.signingPublicKeys}); the hub logs it at start and serves it at {@code GET
 * /api/v1/hub/signing-key}.
 */
@ApplicationScoped
@Startup
public class HubSigningKey {

  private static final Logger LOG = Logger.getLogger(HubSigningKey.class);

  /** Not a DNS-1123 label, so never the directory of a mesh in the CA directory. */
  static final String DEFAULT_FILE = "hub-signing-key.pem";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  @Inject
  public HubSigningKey(HubConfig config) {
    this(
        config.signingKeyFile().orElse(config.ca().dir().resolve(DEFAULT_FILE)),
        config.signingKeyFile().isEmpty());
  }

  HubSigningKey(Path file, boolean generateIfMissing) {
    this.privateKey = load(file, generateIfMissing);
    this.publicKey = SigningKeys.publicKeyOf(privateKey);
    this.keyId = SigningKeys.fingerprint(publicKey);
    LOG.infof(
        "record-signing key %s (from %s); agents pin its public key: %s",
        keyId, file, publicKeyBase64());
  }

  /** The signature of a record the hub writes. */
  public String sign(String topic, String recordKey, byte[] value) {
    return HubRecordSignatures.sign(privateKey, topic, recordKey, value);
  }

  /** The signature of a record the hub writes, over the time it is signed at too. */
  public String signTimed(String topic, String recordKey, long signedAt, byte[] value) {
    return HubRecordSignatures.signTimed(privateKey, topic, recordKey, signedAt, value);
  }

  /** The hub's signature on a request its REST API writes for {@code actor}. */
  public String signRequest(
      String meshId, String requestId, String time, String actor, byte[] value) {
    return RequestSignatures.sign(privateKey, meshId, requestId, time, actor, value);
  }

  /** The public key (to verify what the hub signed). */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key, base64 of its X.509 SubjectPublicKeyInfo: what agents pin. */
  public String publicKeyBase64() {
    return SigningKeys.encodePublicKey(publicKey);
  }

  /** The key id records carry ({@link SigningKeys#fingerprint}). */
  public String keyId() {
    return keyId;
  }

  private static PrivateKey load(Path file, boolean generateIfMissing) {
    try {
      if (!Files.exists(file) && generateIfMissing) {
        generate(file);
      }
      return SigningKeys.privateKeyFromPem(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the hub's record-signing key " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static void generate(Path file) throws IOException {
    KeyPair pair = SigningKeys.generate();
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".hub-signing-key", ".tmp");
    try {
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(
          temp, SigningKeys.privateKeyToPem(pair.getPrivate()), StandardCharsets.US_ASCII);
      try {
        // Never replaces a key another hub wrote meanwhile: the first one stays.
        Files.move(temp, file);
        LOG.infof("generated the hub's record-signing key in %s", file);
      } catch (FileAlreadyExistsException e) {
        // another process made it first
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
