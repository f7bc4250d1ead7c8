package io.meshfed.hub.intake;

import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.hub.registry.MeshRegistry;
import java.util.Collection;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which of the peers' credentials a primary applied, as the hub learns it from the digest the
 * primary reports ({@link AppliedCredentials#digest}) instead of a list that grew with the mesh:
 * the hub knows what it routes to the primary (every other sender of its mesh whose routed envelope
 * is sealed for it), and a digest equal to the digest of that says the primary applied exactly
 * that. A digest that differs says only that it applied something else (an older credential, or not
 * yet a new sender's): what it confirmed before stands. Pure.
 */
public final class Confirmations {

  private Confirmations() {}

  /**
   * What the hub routes to a primary: the credential id of each other sender whose routed envelope
   * lists the primary as a recipient, by sender.
   *
   * @param routed the credential records of the primary's mesh as they are on the log
   */
  public static SortedMap<String, String> routedTo(
      String primary, Collection<SharedCredential> routed) {
    SortedMap<String, String> expected = new TreeMap<>();
    for (SharedCredential c : routed) {
      CredentialEnvelope envelope = c.credential();
      if (envelope != null
          && !c.sender().equals(primary)
          && envelope.recipients().containsKey(primary)) {
        expected.put(c.sender(), envelope.credentialId());
      }
    }
    return expected;
  }

  /**
   * What a primary's reported digest confirms: what the hub routes to it, if the digest is the
   * digest of that; empty if it is not, if there is none, or if it is the digest the primary last
   * confirmed with (nothing new to confirm).
   *
   * @param digest the reported {@code appliedCredentialsDigest}, or null
   * @param routed the credential records of the primary's mesh as they are on the log
   */
  public static Optional<MeshRegistry.Confirmed> confirmed(
      MeshRegistry registry, String primary, String digest, Collection<SharedCredential> routed) {
    if (digest == null || registry.confirmedDigest(primary).filter(digest::equals).isPresent()) {
      return Optional.empty();
    }
    SortedMap<String, String> expected = routedTo(primary, routed);
    if (!AppliedCredentials.digest(expected).equals(digest)) {
      return Optional.empty();
    }
    return Optional.of(new MeshRegistry.Confirmed(digest, expected));
  }
}
