package io.meshfed.events.serde;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: the attributes travel as {@code ce_} headers
 * and the record value is the JSON body.
 */
public final class CloudEventHeaders {
  public static final String SPEC_VERSION = "ce_specversion";
  public static final String ID = "ce_id";
  public static final String SOURCE = "ce_source";
  public static final String TYPE = "ce_type";
  public static final String TIME = "ce_time";
  public static final String SUBJECT = "ce_subject";
  public static final String CONTENT_TYPE = "content-type";

  /**
   * CloudEvents extension attribute {@code meshfedsignature}: the base64 Ed25519 signature of the
   * sending cluster over the record key and value (status records), or of the hub over the topic,
   * record key and value (desired, mesh and credential records and their tombstones).
   */
  public static final String SIGNATURE = "ce_meshfedsignature";

  /**
   * CloudEvents extension attribute {@code meshfedkeyid}: the fingerprint of the public key that
   * verifies {@link #SIGNATURE} (16 hex digits of the SHA-256 of its X.509 encoding).
   */
  public static final String KEY_ID = "ce_meshfedkeyid";

  /**
   * CloudEvents extension attribute {@code meshfedsignedat}: when the hub signed a record it writes
   * (milliseconds since the epoch, greater for each record it writes than for the one before); its
   * {@link #SIGNATURE} covers it, so that an agent can drop a copy of an older record of the same
   * key.
   */
  public static final String SIGNED_AT = "ce_meshfedsignedat";

  /**
   * Who a membership request is for, when the hub's REST API writes it: the REST caller the hub
   * authorized (its token's {@code upn}, {@code preferred_username} or {@code sub}). The hub's
   * signature on the request ({@link #SIGNATURE}) covers it. Not a CloudEvents attribute: it is not
   * part of the event. A request a platform team signs with its own registered key names no actor:
   * the key's registered name is the actor.
   */
  public static final String ACTOR = "meshfed_actor";

  public static final String SPEC_VERSION_1_0 = "1.0";
  public static final String JSON = "application/json";

  private CloudEventHeaders() {}
}
