package io.meshfed.hub.auth;

import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who sent a request, as its outcome event names them. */
public final class Actor {

  private Actor() {}

  /**
   * The token's {@code upn}, else its {@code preferred_username}, else its {@code sub}; or null.
   */
  public static String of(JsonWebToken token) {
    for (Claims claim : new Claims[] {Claims.upn, Claims.preferred_username, Claims.sub}) {
      Object value = token.getClaim(claim.name());
      String text =
          value instanceof JsonString json
              ? json.getString().strip()
              : value == null ? null : value.toString().strip();
      if (text != null && !text.isEmpty()) {
        return text;
      }
    }
    return null;
  }
}
