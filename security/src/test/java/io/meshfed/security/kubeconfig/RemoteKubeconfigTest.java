package io.meshfed.security.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshfed.security.Pem;
import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.MeshRootCa;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteKubeconfigTest {

  private static final String TOKEN =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6aXN0aW8tc3lzdGVtOmlzdGlvLXJlYWRlci1zZXJ2aWNlLWFjY291bnQifQ.c2lnbmF0dXJlLW9mLXRoZS1hcGktc2VydmVy";

  private final String caBundle =
      MeshRootCa.generate("kube", CaKeyType.EC_P256, Duration.ofDays(1), Clock.systemUTC())
          .certificatePem();

  @Test
  void hasTheLayoutIstioctlCreateRemoteSecretWrites() {
    String kubeconfig =
        RemoteKubeconfig.render("cluster1", "https://10.64.30.10:6443", caBundle, TOKEN);

    String caData =
        Base64.getEncoder().encodeToString(caBundle.getBytes(StandardCharsets.US_ASCII));
    assertThat(kubeconfig)
        .isEqualTo(
            """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: %s
                server: https://10.64.30.10:6443
              name: cluster1
            contexts:
            - context:
                cluster: cluster1
                user: cluster1
              name: cluster1
            current-context: cluster1
            kind: Config
            users:
            - name: cluster1
              user:
                token: %s
            """
                .formatted(caData, TOKEN));
  }

  @Test
  void readsBackAsOneClusterOneUserOneContext() throws Exception {
    JsonNode config =
        new YAMLMapper()
            .readTree(
                RemoteKubeconfig.render(
                    "cluster1", "https://api.cluster1.example:6443/", caBundle, TOKEN));

    assertThat(config.get("kind").asText()).isEqualTo("Config");
    assertThat(config.get("current-context").asText()).isEqualTo("cluster1");
    assertThat(config.get("clusters")).hasSize(1);
    assertThat(config.at("/clusters/0/cluster/server").asText())
        .isEqualTo("https://api.cluster1.example:6443/");
    assertThat(
            Pem.certificates(
                new String(
                    Base64.getDecoder()
                        .decode(
                            config.at("/clusters/0/cluster/certificate-authority-data").asText()),
                    StandardCharsets.US_ASCII),
                "ca"))
        .isEqualTo(Pem.certificates(caBundle, "ca"));
    assertThat(config.at("/contexts/0/context/cluster").asText()).isEqualTo("cluster1");
    assertThat(config.at("/contexts/0/context/user").asText()).isEqualTo("cluster1");
    assertThat(config.get("users")).hasSize(1);
    assertThat(config.at("/users/0/user/token").asText()).isEqualTo(TOKEN);
  }

  @Test
  void aTlsServerNameGoesIntoTheClusterEntry() {
    String kubeconfig =
        RemoteKubeconfig.render(
            "cluster1",
            "https://cluster1-api.default.svc.clusterset.local:6443",
            caBundle,
            TOKEN,
            "kubernetes.default.svc");

    String caData =
        Base64.getEncoder().encodeToString(caBundle.getBytes(StandardCharsets.US_ASCII));
    assertThat(kubeconfig)
        .isEqualTo(
            """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: %s
                server: https://cluster1-api.default.svc.clusterset.local:6443
                tls-server-name: "kubernetes.default.svc"
              name: cluster1
            contexts:
            - context:
                cluster: cluster1
                user: cluster1
              name: cluster1
            current-context: cluster1
            kind: Config
            users:
            - name: cluster1
              user:
                token: %s
            """
                .formatted(caData, TOKEN));
  }

  @Test
  void theTlsServerNameReadsBackAsAString() throws Exception {
    for (String name : List.of("kubernetes.default.svc", "10.96.0.1", "123", "1e5", "yes")) {
      JsonNode config =
          new YAMLMapper()
              .readTree(
                  RemoteKubeconfig.render(
                      "cluster1", "https://10.0.0.1:6443", caBundle, TOKEN, name));

      assertThat(config.at("/clusters/0/cluster/tls-server-name").isTextual()).as(name).isTrue();
      assertThat(config.at("/clusters/0/cluster/tls-server-name").asText()).isEqualTo(name);
      assertThat(config.at("/clusters/0/cluster/server").asText())
          .isEqualTo("https://10.0.0.1:6443");
    }
  }

  @Test
  void withoutATlsServerNameTheClusterEntryHasNone() throws Exception {
    JsonNode config =
        new YAMLMapper()
            .readTree(
                RemoteKubeconfig.render(
                    "cluster1", "https://10.0.0.1:6443", caBundle, TOKEN, null));

    assertThat(config.at("/clusters/0/cluster").has("tls-server-name")).isFalse();
    assertThat(RemoteKubeconfig.render("cluster1", "https://10.0.0.1:6443", caBundle, TOKEN, null))
        .isEqualTo(RemoteKubeconfig.render("cluster1", "https://10.0.0.1:6443", caBundle, TOKEN));
  }

  @Test
  void theTlsServerNameMustBeADnsName() {
    for (String bad :
        List.of(
            "",
            "*.default.svc",
            "Kubernetes.default.svc",
            "kubernetes.default.svc.",
            "-kubernetes",
            "kube_rnetes",
            "kubernetes default",
            "kubernetes\nkind: x",
            "a".repeat(64) + ".svc",
            ("a".repeat(63) + ".").repeat(4) + "a")) {
      assertThatThrownBy(
              () -> RemoteKubeconfig.render("cluster1", "https://h", caBundle, TOKEN, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("tlsServerName ");
    }
    assertThatThrownBy(
            () -> RemoteKubeconfig.render("cluster1", "https://h", caBundle, TOKEN, "*.svc"))
        .hasMessage(
            "tlsServerName '*.svc' is not a DNS name (an RFC 1123 subdomain: at most 253"
                + " characters of dot-separated labels of a-z, 0-9 and '-', each at most 63"
                + " characters and starting and ending with a letter or digit)");
    String longest = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);
    assertThat(longest).hasSize(253);
    assertThat(RemoteKubeconfig.render("cluster1", "https://h", caBundle, TOKEN, longest))
        .contains("tls-server-name: \"" + longest + "\"");
  }

  @Test
  void refusesWhatWouldMakeABrokenOrUnsafeKubeconfig() {
    assertThatThrownBy(
            () -> RemoteKubeconfig.render("cluster1", "http://10.0.0.1:6443", caBundle, TOKEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("serverUrl 'http://10.0.0.1:6443' must be https://host[:port][/path]");
    assertThatThrownBy(() -> RemoteKubeconfig.render("cluster1", "https://a b", caBundle, TOKEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverUrl 'https://a b' is not a URL");
    assertThatThrownBy(() -> RemoteKubeconfig.render("Cluster 1", "https://h", caBundle, TOKEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clusterName 'Cluster 1' is not a DNS-1123 label");
    assertThatThrownBy(
            () -> RemoteKubeconfig.render("cluster1", "https://h", caBundle, TOKEN + "\nkind: x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token is not a bearer token");
    assertThatThrownBy(() -> RemoteKubeconfig.render("cluster1", "https://h", caBundle, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token is required");
  }

  @Test
  void theCaBundleMustBeCertificatesOnly() {
    String key =
        MeshRootCa.generate("kube", CaKeyType.EC_P256, Duration.ofDays(1), Clock.systemUTC())
            .privateKeyPem();

    assertThatThrownBy(() -> RemoteKubeconfig.render("cluster1", "https://h", key, TOKEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("caBundlePem holds a private key where only certificates are expected");
  }
}
