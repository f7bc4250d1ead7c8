package io.meshfed.hub.support;

import io.meshfed.security.jwt.DevTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub as a local setup runs it without an identity provider: it reads a public key file written
 * by {@link DevTokens}, and the caller uses a token minted by the same instance (kept in a system
 * property, as the test classes are loaded again at each Quarkus restart).
 */
public class DevTokensProfile extends InMemoryProfile {

  public static final String TOKEN = "meshfed.test.devtokens.admin";
  public static final String ISSUER = "https://meshfed.local/sandbox";
  private static final Path KEY = Path.of("target", "devtokens", "hub-jwt.pem");

  @Override
  public Map<String, String> getConfigOverrides() {
    synchronized (DevTokensProfile.class) {
      if (System.getProperty(TOKEN) == null) {
        DevTokens tokens = DevTokens.generate();
        tokens.writePublicKeyPem(KEY);
        System.setProperty(
            TOKEN, tokens.mint(ISSUER, "sandbox", List.of("mesh-admin"), Duration.ofHours(1)));
      }
    }
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.remove("mp.jwt.verify.publickey");
    config.put("mp.jwt.verify.publickey.location", KEY.toAbsolutePath().toString());
    config.put("mp.jwt.verify.issuer", ISSUER);
    return config;
  }
}
