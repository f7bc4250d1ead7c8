package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an agent reports of its cluster, on the compacted {@code meshfed.status.v1} (key: cluster
 * name). Sent on every change and as a heartbeat.
 *
 * @param observedGeneration the desired generation the agent applied
 * @param observedMeshRevision the mesh record revision the agent applied
 * @param eastWestAddresses the east-west gateway's LoadBalancer addresses
 * @param localities node localities seen in the cluster
 * @param apiServerUrl the API server URL of the cluster as the agent knows it
 * @param intermediateCsr the PEM PKCS#10 request of the intermediate CA the agent wants signed;
 *     null when none is pending
 * @param intermediateNotAfter expiry of the intermediate CA currently in {@code cacerts}
 * @param signingPublicKey the Ed25519 key the agent signs its records with (base64 X.509 SPKI); the
 *     hub pins it at first contact where the mesh allows that
 * @param recipientPublicKey the key peers seal credentials to (base64 Tink public keyset)
 * @param sealedCredentials this cluster's credentials sealed for each recipient, by recipient
 *     cluster (the form before {@code sharedCredential}; no longer written)
 * @param appliedCredentials the credential id of each peer's credential this cluster applied, by
 *     peer cluster (the form before {@code appliedCredentialsDigest}; no longer written: it grew
 *     with the mesh and changed with every member that joined)
 * @param sharedCredential this cluster's credential sealed once for all the primaries that hold its
 *     remote secret; sent until this cluster's record on {@code meshfed.credentials.v1} carries it,
 *     then left out (the hub keeps routing the one it has)
 * @param sharedCredentialId the credential id of the credential this cluster shares, whether or not
 *     the envelope is sent with it
 * @param appliedCredentialsDigest for a primary: the digest of the peers' credentials it applied
 *     ({@link AppliedCredentials#digest}); the hub compares it with the digest of the credentials
 *     it routes to this cluster
 * @param appliedCredentialsCount for a primary: how many peers' credentials it applied
 * @param sequence the report's place among its cluster's reports, signed with them: each report of
 *     a cluster carries a greater one than the report before, also across agent restarts, so the
 *     hub refuses an earlier genuine report sent again (a replay); 0 when absent (an agent from
 *     before sequences), never written as such
 */
public record ClusterStatus(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String clusterName,
    @JsonProperty(required = true) Phase phase,
    List<Condition> conditions,
    long observedGeneration,
    long observedMeshRevision,
    List<GatewayAddress> eastWestAddresses,
    String agentVersion,
    List<Locality> localities,
    String apiServerUrl,
    @JsonProperty(required = true) Instant reportedAt,
    String intermediateCsr,
    Instant intermediateNotAfter,
    String signingPublicKey,
    String recipientPublicKey,
    SortedMap<String, SealedCredential> sealedCredentials,
    SortedMap<String, String> appliedCredentials,
    CredentialEnvelope sharedCredential,
    String sharedCredentialId,
    String appliedCredentialsDigest,
    Integer appliedCredentialsCount,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) long sequence)
    implements MeshEvent {

  /**
   * The longest {@code recipientPublicKey} a report may carry: a Tink keyset of one X25519 key is
   * about 140 base64 characters. The hub copies a primary's key into every member's mesh record.
   */
  public static final int MAX_RECIPIENT_KEY_LENGTH = 1024;

  private static final java.util.regex.Pattern BASE64 =
      java.util.regex.Pattern.compile("^[A-Za-z0-9+/]+={0,2}$");

  /** The longest {@code apiServerUrl} a report may carry. */
  public static final int MAX_URL_LENGTH = 2048;

  public ClusterStatus {
    if (sequence < 0) {
      throw new InvalidFieldException(
          "sequence", "must be at least 1 (or absent), not " + sequence);
    }
    if (apiServerUrl != null && !apiServerUrl.isEmpty()) {
      checkApiServerUrl(apiServerUrl);
    }
    if (recipientPublicKey != null) {
      checkRecipientPublicKey(recipientPublicKey);
    }
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    eastWestAddresses = eastWestAddresses == null ? List.of() : List.copyOf(eastWestAddresses);
    localities = localities == null ? List.of() : List.copyOf(localities);
    sealedCredentials = sorted(sealedCredentials);
    appliedCredentials = sorted(appliedCredentials);
  }

  /** A status without a sequence (the form before it was added; an older agent's). */
  public ClusterStatus(
      String meshId,
      String clusterName,
      Phase phase,
      List<Condition> conditions,
      long observedGeneration,
      long observedMeshRevision,
      List<GatewayAddress> eastWestAddresses,
      String agentVersion,
      List<Locality> localities,
      String apiServerUrl,
      Instant reportedAt,
      String intermediateCsr,
      Instant intermediateNotAfter,
      String signingPublicKey,
      String recipientPublicKey,
      SortedMap<String, SealedCredential> sealedCredentials,
      SortedMap<String, String> appliedCredentials,
      CredentialEnvelope sharedCredential,
      String sharedCredentialId,
      String appliedCredentialsDigest,
      Integer appliedCredentialsCount) {
    this(
        meshId,
        clusterName,
        phase,
        conditions,
        observedGeneration,
        observedMeshRevision,
        eastWestAddresses,
        agentVersion,
        localities,
        apiServerUrl,
        reportedAt,
        intermediateCsr,
        intermediateNotAfter,
        signingPublicKey,
        recipientPublicKey,
        sealedCredentials,
        appliedCredentials,
        sharedCredential,
        sharedCredentialId,
        appliedCredentialsDigest,
        appliedCredentialsCount,
        0);
  }

  /** A status without security fields (the form before they were added). */
  public ClusterStatus(
      String meshId,
      String clusterName,
      Phase phase,
      List<Condition> conditions,
      long observedGeneration,
      long observedMeshRevision,
      List<GatewayAddress> eastWestAddresses,
      String agentVersion,
      List<Locality> localities,
      String apiServerUrl,
      Instant reportedAt) {
    this(
        meshId,
        clusterName,
        phase,
        conditions,
        observedGeneration,
        observedMeshRevision,
        eastWestAddresses,
        agentVersion,
        localities,
        apiServerUrl,
        reportedAt,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A status with per-recipient sealed credentials (the form before {@code sharedCredential}). */
  public ClusterStatus(
      String meshId,
      String clusterName,
      Phase phase,
      List<Condition> conditions,
      long observedGeneration,
      long observedMeshRevision,
      List<GatewayAddress> eastWestAddresses,
      String agentVersion,
      List<Locality> localities,
      String apiServerUrl,
      Instant reportedAt,
      String intermediateCsr,
      Instant intermediateNotAfter,
      String signingPublicKey,
      String recipientPublicKey,
      SortedMap<String, SealedCredential> sealedCredentials,
      SortedMap<String, String> appliedCredentials) {
    this(
        meshId,
        clusterName,
        phase,
        conditions,
        observedGeneration,
        observedMeshRevision,
        eastWestAddresses,
        agentVersion,
        localities,
        apiServerUrl,
        reportedAt,
        intermediateCsr,
        intermediateNotAfter,
        signingPublicKey,
        recipientPublicKey,
        sealedCredentials,
        appliedCredentials,
        null,
        null,
        null,
        null);
  }

  /** Whether the report carries a sequence (an agent from before sequences sends none). */
  public boolean sequenced() {
    return sequence > 0;
  }

  /** This report with another sequence, the rest unchanged. */
  public ClusterStatus withSequence(long next) {
    return new ClusterStatus(
        meshId,
        clusterName,
        phase,
        conditions,
        observedGeneration,
        observedMeshRevision,
        eastWestAddresses,
        agentVersion,
        localities,
        apiServerUrl,
        reportedAt,
        intermediateCsr,
        intermediateNotAfter,
        signingPublicKey,
        recipientPublicKey,
        sealedCredentials,
        appliedCredentials,
        sharedCredential,
        sharedCredentialId,
        appliedCredentialsDigest,
        appliedCredentialsCount,
        next);
  }

  /** Whether a report may carry this {@code apiServerUrl} (see {@link #checkApiServerUrl}). */
  public static boolean validApiServerUrl(String url) {
    try {
      checkApiServerUrl(url);
      return true;
    } catch (InvalidFieldException e) {
      return false;
    }
  }

  /**
   * An agent's API server reaches its peers' plans: only an absolute {@code https} URL with a host
   * (an IP literal or a DNS name), an optional port and path, no user, query or fragment, within
   * {@link #MAX_URL_LENGTH}.
   */
  private static void checkRecipientPublicKey(String key) {
    if (key.length() < 4
        || key.length() > MAX_RECIPIENT_KEY_LENGTH
        || !BASE64.matcher(key).matches()) {
      throw new InvalidFieldException(
          "recipientPublicKey",
          "must be standard base64 of a Tink public keyset, 4 to "
              + MAX_RECIPIENT_KEY_LENGTH
              + " characters");
    }
  }

  private static void checkApiServerUrl(String url) {
    if (url.length() > MAX_URL_LENGTH) {
      throw new InvalidFieldException(
          "apiServerUrl", "longer than " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidFieldException("apiServerUrl", "not a URL: " + e.getReason());
    }
    String host = uri.getHost();
    if (!"https".equals(uri.getScheme())
        || host == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new InvalidFieldException(
          "apiServerUrl", "must be https://host[:port][/path], such as https://10.0.0.1:6443");
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!GatewayAddress.isIp(bare) && !GatewayAddress.isDnsName(bare.toLowerCase(Locale.ROOT))) {
      throw new InvalidFieldException(
          "apiServerUrl", "its host " + host + " is neither an IP address nor a DNS name");
    }
  }

  private static <V> SortedMap<String, V> sorted(Map<String, V> in) {
    return Collections.unmodifiableSortedMap(in == null ? new TreeMap<>() : new TreeMap<>(in));
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
