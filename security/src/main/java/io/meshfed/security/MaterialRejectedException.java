package io.meshfed.security;

/**
 * Material from another party (a CSR, a certificate bundle, a sealed credential) that this side
 * refuses. The message says what is wrong without quoting any secret; {@link #reason()} is short
 * and machine-readable, fit for a status condition's reason or a dead-letter header.
 */
public final class MaterialRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;

  public MaterialRejectedException(String reason, String message) {
    this(reason, message, null);
  }

  public MaterialRejectedException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /**
   * A machine-readable reason such as {@code MalformedCsr}, {@code CsrSignatureInvalid}, {@code
   * WrongCluster}, {@code WeakKey}, {@code RootExpired}, {@code ChainInvalid}, {@code KeyMismatch},
   * {@code MalformedCiphertext} or {@code CiphertextRefused}.
   */
  public String reason() {
    return reason;
  }
}
