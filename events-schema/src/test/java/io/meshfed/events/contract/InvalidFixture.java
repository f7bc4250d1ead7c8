package io.meshfed.events.contract;

/**
 * An invalid fixture and what its sidecar {@code <what>.properties} says of it: the field every
 * reader that rejects it must name, and how the Java reader treats it.
 */
record InvalidFixture(Fixture fixture, String field, JavaReader java) {

  /** How {@link io.meshfed.events.serde.EventCodec} treats an invalid fixture. */
  enum JavaReader {
    /** Both the tolerant and the strict reader reject it, naming the field. */
    REJECTS,
    /** Only the strict reader (requests) rejects it; the tolerant reader accepts it. */
    STRICT,
    /** The Java reader accepts it; only the schema (and the hub's own validation) rejects it. */
    ACCEPTS
  }

  @Override
  public String toString() {
    return fixture + " (" + field + ")";
  }
}
