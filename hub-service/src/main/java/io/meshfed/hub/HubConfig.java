package io.meshfed.hub;

import io.meshfed.security.ca.CaKeyType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The hub's own settings. Kafka and HTTP are configured through the usual Quarkus keys. */
@ConfigMapping(prefix = "meshfed.hub")
public interface HubConfig {

  /**
   * How long a REST write waits for the broker to acknowledge the request and for the request
   * processor to decide it, before answering 504 with the request id.
   */
  @WithDefault("10s")
  Duration requestTimeout();

  /**
   * How long the hub waits for the broker to acknowledge the records of one accepted change or
   * status report before it gives up on it.
   */
  @WithDefault("30s")
  Duration publishTimeout();

  /** After how long without a status report a member is shown as {@code Unreachable}. */
  @WithDefault("60s")
  Duration unreachableAfter();

  /** How often the hub looks for members whose heartbeats stopped. */
  @WithDefault("10s")
  Duration unreachableCheckInterval();

  /** How long reading the membership log at start may take before the hub gives up and exits. */
  @WithDefault("120s")
  Duration rebuildTimeout();

  /**
   * The largest request the hub takes, in bytes (64 KiB by default): a REST body over it is
   * answered 413 ({@code TooLarge}) before anything is written to Kafka, and a record on {@code
   * meshfed.requests.v1} whose value is over it goes to the dead-letter topic without being
   * decoded. A valid request is a few KiB at most. The HTTP server's own limit ({@code
   * quarkus.http.limits.max-body-size}, 1 GiB) must stay above it.
   */
  @WithDefault("65536")
  int maxRequestBytes();

  /** The CloudEvents {@code source} of every record the hub writes. */
  @WithDefault("/meshfed/hub")
  String source();

  /** The mesh root CAs and the intermediates the hub issues with them. */
  Ca ca();

  /**
   * The hub's record-signing key: an Ed25519 private key in PEM (PKCS#8, as {@code openssl genpkey
   * -algorithm ed25519} writes it), with which the hub signs every desired, mesh and credential
   * record, and whose public key every agent pins. When unset, the key is {@code
   * hub-signing-key.pem} in {@link Ca#dir()}, generated there at first start.
   */
  java.util.Optional<Path> signingKeyFile();

  /**
   * The platform teams' keys that may sign requests on {@code meshfed.requests.v1}: a JSON file,
   * {@code [{"name": "team-a", "publicKey": "<base64 Ed25519 SubjectPublicKeyInfo>", "groups":
   * ["mesh-admin:a"]}]}. The name is the actor of the key's requests; the groups decide its meshes
   * as a REST caller's do. Without it only the hub's REST API can make requests.
   */
  java.util.Optional<Path> requestSignersFile();

  /**
   * How old a request may be, by its {@code ce_time}, when the hub decides it (and how far ahead of
   * the hub's clock): an older one is refused, so that a signed request cannot be replayed later.
   */
  @WithDefault("15m")
  Duration requestMaxAge();

  /** How the hub trusts status records. */
  Status status();

  /** The mesh root CAs and the intermediates the hub issues with them. */
  interface Ca {

    /**
     * The directory of the mesh root CAs: one sub-directory per mesh holding {@code root-cert.pem}
     * and {@code root-key.pem} (mode 0600). It must be writable and survive restarts (a persistent
     * volume): a root generated at a mesh's declaration is kept here, and a restart must find the
     * same root.
     */
    @WithDefault("meshfed-ca")
    Path dir();

    /** The key type of a generated root: {@code EC_P256} or {@code RSA_3072}. */
    @WithDefault("EC_P256")
    CaKeyType keyType();

    /** How long a generated root is valid. */
    @WithDefault("3650d")
    Duration rootLifetime();

    /** How long an issued intermediate is valid (never past its root). */
    @WithDefault("365d")
    Duration intermediateLifetime();

    /**
     * The fraction of an intermediate's lifetime after which the hub signs a request for a new key
     * while the agent still holds the current intermediate. Agents should renew at the same or a
     * later fraction.
     */
    @WithDefault("0.8")
    double renewalFraction();

    /**
     * Roots to import instead of generating one, by mesh id: a mesh's existing root, say. Used when
     * the mesh has no root in {@link #dir()} yet; copied there, so the root stays when the entry is
     * removed.
     */
    Map<String, ImportedRoot> imports();
  }

  /** A root CA to import from PEM files, e.g. mounted from a Secret. */
  interface ImportedRoot {

    /** The PEM file of the self-signed root certificate. */
    Path certificate();

    /** The PEM file of its private key (PKCS#8, SEC1 or PKCS#1, unencrypted). */
    Path key();
  }

  /** How the hub trusts status records. */
  interface Status {

    /**
     * Whether a status record of a cluster without a registered signing key is refused (where its
     * mesh does not pin keys at first contact). Set it to false only while agents that do not sign
     * yet are upgraded: their records are then taken in unverified, while every cluster with a
     * registered key stays protected.
     */
    @WithDefault("true")
    boolean requireRegisteredKey();
  }
}
