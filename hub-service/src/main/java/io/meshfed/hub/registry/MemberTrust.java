package io.meshfed.hub.registry;

/**
 * What the hub holds of a member's identity, all public material, kept in its desired record: the
 * signing key its status records must verify with, and the intermediate CA the hub issued for it.
 *
 * @param signingPublicKey the registered (or pinned) Ed25519 key, base64 X.509 SPKI, or null
 * @param intermediateCertificate the PEM intermediate CA certificate last issued, or null
 * @param rootCertificate the PEM root certificate that intermediate chains to, or null
 */
public record MemberTrust(
    String signingPublicKey, String intermediateCertificate, String rootCertificate) {

  public MemberTrust {
    signingPublicKey = Member.blankToNull(signingPublicKey);
    intermediateCertificate = Member.blankToNull(intermediateCertificate);
    rootCertificate = Member.blankToNull(rootCertificate);
  }

  public static MemberTrust none() {
    return new MemberTrust(null, null, null);
  }

  public boolean hasSigningKey() {
    return signingPublicKey != null;
  }

  public MemberTrust withSigningKey(String key) {
    return new MemberTrust(key, intermediateCertificate, rootCertificate);
  }

  public MemberTrust withIntermediate(String certificate, String root) {
    return new MemberTrust(signingPublicKey, certificate, root);
  }
}
