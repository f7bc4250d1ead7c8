package io.meshfed.agent.resource;

import java.time.Instant;

/**
 * A token the TokenRequest API issued.
 *
 * @param token the bearer token
 * @param expiresAt when the API server stops accepting it
 */
public record IssuedToken(String token, Instant expiresAt) {

  /** Names the expiry; never prints the token. */
  @Override
  public String toString() {
    return "IssuedToken[expires " + expiresAt + "]";
  }
}
