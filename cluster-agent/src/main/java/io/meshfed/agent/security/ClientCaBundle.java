package io.meshfed.agent.security;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * The CA bundle the agent's Kubernetes client trusts for a cluster (the in-cluster service
 * account's {@code ca.crt}, or a kubeconfig's certificate authority): the CA of the reader
 * kubeconfig where the token controller wrote none beside the token.
 */
public final class ClientCaBundle {

  private ClientCaBundle() {}

  /** The bundle as PEM text, if the client configuration names one that can be read. */
  public static Optional<String> of(Config config) {
    String data = config.getCaCertData();
    if (data != null && !data.isBlank()) {
      try {
        return Optional.of(
            new String(Base64.getMimeDecoder().decode(data.strip()), StandardCharsets.US_ASCII));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    String file = config.getCaCertFile();
    if (file != null && !file.isBlank()) {
      try {
        return Optional.of(Files.readString(Path.of(file), StandardCharsets.US_ASCII));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
