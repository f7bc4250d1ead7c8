package io.meshfed.hub.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshfed.hub.HubConfig;
import io.meshfed.security.sign.SigningKeys;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The platform teams' keys that may sign requests on the request topic, read at start from {@code
 * meshfed.hub.request-signers-file}, by key id ({@link SigningKeys#fingerprint}). A file that
 * cannot be read, an entry without a name, a key that is not Ed25519, or two entries of one key
 * stop the hub at start, naming the entry.
 */
@ApplicationScoped
@Startup
public class RequestSigners {

  private static final Logger LOG = Logger.getLogger(RequestSigners.class);

  /** A registered key: its name is the actor of its requests, its groups decide its meshes. */
  public record Signer(String name, PublicKey publicKey, Set<String> groups) {}

  /** An entry of the file. */
  record Entry(String name, String publicKey, List<String> groups) {}

  private final Map<String, Signer> byKeyId;

  @Inject
  public RequestSigners(HubConfig config) {
    this(config.requestSignersFile());
  }

  RequestSigners(Optional<Path> file) {
    this.byKeyId = file.map(RequestSigners::read).orElse(Map.of());
    LOG.infof(
        "%d platform key(s) may sign requests on the request topic%s",
        byKeyId.size(), file.map(f -> " (" + f + ")").orElse(""));
  }

  /** The signer of a key id, if registered. */
  public Optional<Signer> byKeyId(String keyId) {
    return keyId == null ? Optional.empty() : Optional.ofNullable(byKeyId.get(keyId.strip()));
  }

  private static Map<String, Signer> read(Path file) {
    List<Entry> entries;
    try {
      entries =
          new ObjectMapper()
              .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
              .readValue(file.toFile(), new TypeReference<List<Entry>>() {});
    } catch (IOException e) {
      throw new IllegalStateException(
          "meshfed.hub.request-signers-file " + file + " cannot be read: " + e.getMessage(), e);
    }
    Map<String, Signer> byId = new HashMap<>();
    int index = 0;
    for (Entry entry : entries == null ? List.<Entry>of() : entries) {
      String where = file + " [" + index++ + "]";
      if (entry == null
          || entry.name() == null
          || entry.name().isBlank()
          || entry.name().indexOf('\n') >= 0) {
        throw new IllegalStateException(where + ": name is required (one line)");
      }
      PublicKey key;
      try {
        key = SigningKeys.decodePublicKey(entry.publicKey());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(where + " (" + entry.name() + "): " + e.getMessage(), e);
      }
      Signer signer =
          new Signer(
              entry.name().strip(),
              key,
              Set.copyOf(entry.groups() == null ? List.of() : entry.groups()));
      if (byId.put(SigningKeys.fingerprint(key), signer) != null) {
        throw new IllegalStateException(where + " (" + entry.name() + "): key listed twice");
      }
    }
    return Map.copyOf(byId);
  }
}
