package io.meshfed.hub.api;

import io.meshfed.hub.signing.HubSigningKey;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public key the hub signs its records with: what every agent pins (the agent chart's {@code
 * hub.signingPublicKeys}). Any authenticated caller may read it; it is no secret.
 */
@Path("/api/v1/hub/signing-key")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "hub", description = "The hub itself")
public class HubKeyResource {

  /**
   * @param signingPublicKey base64 of the X.509 SubjectPublicKeyInfo (Ed25519)
   * @param keyId the {@code ce_meshfedkeyid} of the hub's records
   */
  public record HubKey(String signingPublicKey, String keyId) {}

  private final HubSigningKey key;

  @Inject
  public HubKeyResource(HubSigningKey key) {
    this.key = key;
  }

  @GET
  @Authenticated
  @Operation(summary = "The public key agents pin to verify the hub's records")
  public HubKey signingKey() {
    return new HubKey(key.publicKeyBase64(), key.keyId());
  }
}
