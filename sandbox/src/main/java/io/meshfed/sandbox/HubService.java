package io.meshfed.sandbox;

import io.meshfed.security.jwt.DevTokens;
import io.meshfed.security.sign.SigningKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the sandbox and the fleet benchmark run the real hub: its built Quarkus app as a process on
 * the loopback interface, trusting the sandbox's own token signer, its root CAs under the work
 * directory, signing its records with a key the sandbox made for it (as a platform team would with
 * {@code openssl genpkey -algorithm ed25519}) and hands the agents to pin; and a client of its REST
 * API with the {@code mesh-admin} role.
 */
public final class HubService {

  /** The {@code iss} of the sandbox's bearer tokens, which the hub is told to expect. */
  static final String TOKEN_ISSUER = "https://sandbox.meshfed.io";

  /** The name of the platform team's request-signing key, the actor of its topic requests. */
  public static final String PLATFORM_TEAM = "platform-team";

  /** The role of a platform team on the hub's API: declare meshes, join and remove clusters. */
  static final List<String> MESH_ADMIN = List.of("mesh-admin");

  private final DevTokens tokens;
  private final Path workDir;

  /**
   * @param workDir where the token signer's public key, the root CAs and the hub's log go
   */
  public HubService(DevTokens tokens, Path workDir) {
    this.tokens = tokens;
    this.workDir = workDir;
  }

  /**
   * The hub's launch, after writing the public key of the token signer it must trust: its API on
   * {@code port}, its management interface ({@code /q/health}, {@code /q/metrics}) on a free port.
   */
  public ServiceProcess.Launch launch(Path home, String bootstrapServers, int port, String heap)
      throws IOException {
    return launch(home, bootstrapServers, port, heap, Map.of());
  }

  /**
   * The hub's launch with more environment variables (e.g. {@code JAVA_TOOL_OPTIONS} that make it
   * record a profile).
   */
  public ServiceProcess.Launch launch(
      Path home, String bootstrapServers, int port, String heap, Map<String, String> extraEnv)
      throws IOException {
    int managementPort = FreePort.find();
    Files.createDirectories(workDir);
    tokens.writePublicKeyPem(jwtPublicKey());
    signingKey();
    writeRequestSigners();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.putAll(
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS",
            bootstrapServers,
            "QUARKUS_HTTP_HOST",
            "127.0.0.1",
            "QUARKUS_HTTP_PORT",
            Integer.toString(port),
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            jwtPublicKey().toString(),
            "MP_JWT_VERIFY_ISSUER",
            TOKEN_ISSUER,
            "MESHFED_HUB_CA_DIR",
            workDir.resolve("hub-ca").toAbsolutePath().toString(),
            "MESHFED_HUB_SIGNING_KEY_FILE",
            signingKeyFile().toString(),
            "MESHFED_HUB_REQUEST_SIGNERS_FILE",
            requestSignersFile().toString()));
    return new ServiceProcess.Launch(
        "hub",
        home.resolve("hub-service/target/quarkus-app/quarkus-run.jar"),
        env,
        workDir.resolve("logs"),
        heap,
        port,
        managementPort);
  }

  /** A client of the hub's REST API, minting a short-lived {@code mesh-admin} token per call. */
  public HubClient client(int port) {
    return new HubClient(
        URI.create("http://127.0.0.1:" + port),
        () -> tokens.mint(TOKEN_ISSUER, "sandbox", MESH_ADMIN, Duration.ofMinutes(10)));
  }

  /** Writes a day-long {@code mesh-admin} token for people to use with {@code curl}. */
  public Path writeToken(Path file) throws IOException {
    Files.writeString(
        file, tokens.mint(TOKEN_ISSUER, "platform-team", MESH_ADMIN, Duration.ofDays(1)));
    return file;
  }

  /**
   * The public key the hub signs its records with, for the agents to pin ({@code
   * MESHFED_AGENT_HUB_SIGNING_PUBLIC_KEYS}); the key is made on first use.
   */
  public String signingPublicKey() throws IOException {
    return SigningKeys.encodePublicKey(SigningKeys.publicKeyOf(signingKey()));
  }

  /**
   * The key the platform team signs requests on the topic with, registered with the hub (group
   * {@code mesh-admin}) under the name {@value #PLATFORM_TEAM}; made on first use.
   */
  public PrivateKey requestSigningKey() throws IOException {
    Path file = workDir.resolve("platform-team-request-key.pem").toAbsolutePath();
    if (!Files.exists(file)) {
      Files.createDirectories(workDir);
      Files.writeString(file, SigningKeys.privateKeyToPem(SigningKeys.generate().getPrivate()));
    }
    return SigningKeys.privateKeyFromPem(Files.readString(file));
  }

  private void writeRequestSigners() throws IOException {
    String key = SigningKeys.encodePublicKey(SigningKeys.publicKeyOf(requestSigningKey()));
    Files.writeString(
        requestSignersFile(),
        "[{\"name\": \""
            + PLATFORM_TEAM
            + "\", \"publicKey\": \""
            + key
            + "\", \"groups\": [\"mesh-admin\"]}]\n");
  }

  private Path requestSignersFile() {
    return workDir.resolve("request-signers.json").toAbsolutePath();
  }

  private PrivateKey signingKey() throws IOException {
    Path file = signingKeyFile();
    if (!Files.exists(file)) {
      Files.createDirectories(workDir);
      Files.writeString(file, SigningKeys.privateKeyToPem(SigningKeys.generate().getPrivate()));
    }
    return SigningKeys.privateKeyFromPem(Files.readString(file));
  }

  private Path signingKeyFile() {
    return workDir.resolve("hub-signing-key.pem").toAbsolutePath();
  }

  private Path jwtPublicKey() {
    return workDir.resolve("jwt-public.pem").toAbsolutePath();
  }
}
