package io.meshfed.agent.security;

import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.sign.SigningKeys;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Optional;

/**
 * The keys the agent holds for one cluster: its Ed25519 signing key (status records), its HPKE
 * recipient keyset (credentials peers seal to it) and, while a request is out, the key of the
 * intermediate CA it asked the hub to sign. Made in the cluster and kept in its {@link
 * AgentKeysSecret}; only the public parts ever leave it.
 */
public final class AgentKeys {

  private final KeyPair signing;
  private final RecipientKeys recipient;
  private final IntermediateCsr pendingIntermediate;

  AgentKeys(KeyPair signing, RecipientKeys recipient, IntermediateCsr pendingIntermediate) {
    this.signing = signing;
    this.recipient = recipient;
    this.pendingIntermediate = pendingIntermediate;
  }

  /** New signing and recipient keys; no intermediate request yet. */
  public static AgentKeys generate() {
    return new AgentKeys(SigningKeys.generate(), RecipientKeys.generate(), null);
  }

  /** The private key status records are signed with. */
  public PrivateKey signingKey() {
    return signing.getPrivate();
  }

  /** The signing public key, base64 X.509 SubjectPublicKeyInfo: what the hub registers. */
  public String signingPublicKey() {
    return SigningKeys.encodePublicKey(signing.getPublic());
  }

  /** The signing key's fingerprint, sent as {@code ce_meshfedkeyid}. */
  public String keyId() {
    return SigningKeys.fingerprint(signing.getPublic());
  }

  /** The keyset credentials sealed to this cluster open with. */
  public RecipientKeys recipientKeys() {
    return recipient;
  }

  /** The recipient public keyset, base64: what peers seal to. */
  public String recipientPublicKey() {
    return recipient.publicKeyset();
  }

  /** The intermediate CA key and request waiting for the hub's certificate, if one is out. */
  public Optional<IntermediateCsr> pendingIntermediate() {
    return Optional.ofNullable(pendingIntermediate);
  }

  /** The same keys with a new intermediate request pending. */
  public AgentKeys withPendingIntermediate(IntermediateCsr csr) {
    return new AgentKeys(signing, recipient, csr);
  }

  /** The same keys with no intermediate request pending. */
  public AgentKeys withoutPendingIntermediate() {
    return new AgentKeys(signing, recipient, null);
  }

  KeyPair signingKeyPair() {
    return signing;
  }

  /** Names the keys by their public fingerprint; never prints key material. */
  @Override
  public String toString() {
    return "AgentKeys[signing key "
        + keyId()
        + (pendingIntermediate == null ? "" : ", intermediate request pending")
        + "]";
  }
}
