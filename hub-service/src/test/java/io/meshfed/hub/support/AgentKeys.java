package io.meshfed.hub.support;

import io.meshfed.security.sign.SigningKeys;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each test cluster's agent signing key, made on first use. */
public final class AgentKeys {

  private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

  private AgentKeys() {}

  public static KeyPair of(String cluster) {
    return KEYS.computeIfAbsent(cluster, c -> SigningKeys.generate());
  }

  /** The public key as a join request registers it. */
  public static String publicKey(String cluster) {
    return SigningKeys.encodePublicKey(of(cluster).getPublic());
  }
}
