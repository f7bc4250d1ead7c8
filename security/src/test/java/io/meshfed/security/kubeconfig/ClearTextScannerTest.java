package io.meshfed.security.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.security.ca.CaKeyType;
import io.meshfed.security.ca.IntermediateCsr;
import io.meshfed.security.ca.MeshRootCa;
import io.meshfed.security.kubeconfig.ClearTextScanner.Finding;
import io.meshfed.security.kubeconfig.ClearTextScanner.Kind;
import io.meshfed.security.seal.CredentialSealer;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.sign.RecordSigner;
import io.meshfed.security.sign.SigningKeys;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

class ClearTextScannerTest {

  /** A service-account token's shape: base64url JSON header and claims, then a signature. */
  private static final String SA_TOKEN =
      base64Url("{\"alg\":\"RS256\",\"kid\":\"Xy1\"}")
          + "."
          + base64Url(
              "{\"iss\":\"https://kubernetes.default.svc\",\"sub\":\"system:serviceaccount:"
                  + "istio-system:istio-reader-service-account\",\"exp\":1767225600}")
          + "."
          + base64Url("not-a-real-signature-but-long-enough-to-look-like-one");

  private static final String LEGACY_TOKEN = "0123456789abcdef0123456789abcdef";

  private final MeshRootCa ca =
      MeshRootCa.generate("kube", CaKeyType.EC_P256, Duration.ofDays(1), Clock.systemUTC());

  // ---- findings

  @Test
  void findsAServiceAccountTokenInARecord() {
    List<Finding> findings = ClearTextScanner.scan(json("token", SA_TOKEN));

    assertThat(kinds(findings)).containsExactly(Kind.TOKEN);
    assertThat(findings.get(0).offset()).isEqualTo(json("token", SA_TOKEN).indexOf("eyJ"));
  }

  @Test
  void findsPemPrivateKeysOfEveryKind() throws Exception {
    KeyPair rsa = CaKeyType.RSA_3072.generate();
    KeyPair ec = CaKeyType.EC_P256.generate();

    assertThat(kinds(ClearTextScanner.scan(ca.privateKeyPem()))).containsExactly(Kind.PRIVATE_KEY);
    assertThat(kinds(ClearTextScanner.scan(pkcs1OrSec1(rsa)))).containsExactly(Kind.PRIVATE_KEY);
    assertThat(kinds(ClearTextScanner.scan(pkcs1OrSec1(ec)))).containsExactly(Kind.PRIVATE_KEY);
    assertThat(
            kinds(
                ClearTextScanner.scan(
                    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n"
                        + "-----END OPENSSH PRIVATE KEY-----\n")))
        .containsExactly(Kind.PRIVATE_KEY);
    assertThat(
            kinds(
                ClearTextScanner.scan(
                    "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----")))
        .containsExactly(Kind.PRIVATE_KEY);
  }

  @Test
  void findsAPemPrivateKeyInsideAJsonRecord() {
    String intermediateKey =
        IntermediateCsr.generate("cluster1", CaKeyType.EC_P256).privateKeyPem();

    assertThat(kinds(ClearTextScanner.scan(json("caKey", escaped(intermediateKey)))))
        .containsExactly(Kind.PRIVATE_KEY);
  }

  @Test
  void findsAPrivateKeyInBase64() {
    String base64Pem =
        Base64.getEncoder().encodeToString(ca.privateKeyPem().getBytes(StandardCharsets.US_ASCII));

    List<Finding> findings = ClearTextScanner.scan(json("data", base64Pem));

    assertThat(kinds(findings)).containsExactly(Kind.PRIVATE_KEY);
    assertThat(findings.get(0).offset()).isEqualTo(json("data", base64Pem).indexOf(base64Pem));
    assertThat(findings.get(0).description()).contains("inside base64");
  }

  @Test
  void findsADerPrivateKeyInBase64() {
    String signingKey = SigningKeys.encodePrivateKey(SigningKeys.generate().getPrivate());
    String ecKey =
        Base64.getEncoder().encodeToString(CaKeyType.EC_P256.generate().getPrivate().getEncoded());

    assertThat(kinds(ClearTextScanner.scan(json("signingKey", signingKey))))
        .containsExactly(Kind.PRIVATE_KEY);
    assertThat(kinds(ClearTextScanner.scan(json("key", ecKey)))).containsExactly(Kind.PRIVATE_KEY);
  }

  @Test
  void findsATinkPrivateKeyset() {
    assertThat(
            kinds(ClearTextScanner.scan(json("keyset", RecipientKeys.generate().privateKeyset()))))
        .containsExactly(Kind.PRIVATE_KEY);
  }

  @Test
  void findsTheTokenOfAKubeconfig() {
    String kubeconfig =
        RemoteKubeconfig.render(
            "cluster1", "https://10.0.0.1:6443", ca.certificatePem(), LEGACY_TOKEN);

    List<Finding> findings = ClearTextScanner.scan(kubeconfig);

    assertThat(kinds(findings)).containsExactly(Kind.KUBECONFIG_CREDENTIAL);
    assertThat(findings.get(0).description()).isEqualTo("kubeconfig token");
  }

  @Test
  void findsAKubeconfigWithAServiceAccountTokenTwice() {
    String kubeconfig =
        RemoteKubeconfig.render("cluster1", "https://10.0.0.1:6443", ca.certificatePem(), SA_TOKEN);

    assertThat(kinds(ClearTextScanner.scan(kubeconfig)))
        .containsExactlyInAnyOrder(Kind.TOKEN, Kind.KUBECONFIG_CREDENTIAL);
  }

  @Test
  void findsAKubeconfigEmbeddedInAJsonRecord() {
    String kubeconfig =
        RemoteKubeconfig.render(
            "cluster1", "https://10.0.0.1:6443", ca.certificatePem(), LEGACY_TOKEN);

    assertThat(kinds(ClearTextScanner.scan(json("kubeconfig", escaped(kubeconfig)))))
        .containsExactly(Kind.KUBECONFIG_CREDENTIAL);
  }

  @Test
  void findsABase64EncodedKubeconfigAsInASecretsData() {
    String kubeconfig =
        RemoteKubeconfig.render(
            "cluster1", "https://10.0.0.1:6443", ca.certificatePem(), LEGACY_TOKEN);
    String data = Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8));

    assertThat(kinds(ClearTextScanner.scan(json("cluster1", data))))
        .containsExactly(Kind.KUBECONFIG_CREDENTIAL);
  }

  @Test
  void findsClientKeysAndPasswordsOfKubeconfigs() {
    String clientKey =
        """
        apiVersion: v1
        kind: Config
        users:
        - name: admin
          user:
            client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
            client-key-data: QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=
        """;
    String password =
        "{\"kind\":\"Config\",\"users\":[{\"name\":\"admin\",\"user\":{\"username\":\"admin\","
            + "\"password\":\"hunter2hunter2\"}}]}";

    assertThat(kinds(ClearTextScanner.scan(clientKey))).contains(Kind.KUBECONFIG_CREDENTIAL);
    assertThat(kinds(ClearTextScanner.scan(password))).containsExactly(Kind.KUBECONFIG_CREDENTIAL);
  }

  @Test
  void findingsNeverQuoteTheSecret() {
    String kubeconfig =
        RemoteKubeconfig.render("cluster1", "https://10.0.0.1:6443", ca.certificatePem(), SA_TOKEN);

    assertThat(ClearTextScanner.scan(kubeconfig + ca.privateKeyPem()))
        .isNotEmpty()
        .allSatisfy(
            f ->
                assertThat(f.description())
                    .doesNotContain(SA_TOKEN.substring(0, 12))
                    .doesNotContain("MI"));
  }

  // ---- not findings

  @Test
  void certificatesRequestsAndPublicKeysAreNotFindings() throws Exception {
    KeyPair ec = CaKeyType.EC_P256.generate();
    StringWriter publicPem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(publicPem)) {
      writer.writeObject(ec.getPublic());
    }

    assertThat(ClearTextScanner.scan(ca.certificatePem())).isEmpty();
    assertThat(ClearTextScanner.scan(json("cert", escaped(ca.certificatePem())))).isEmpty();
    assertThat(
            ClearTextScanner.scan(
                Base64.getEncoder()
                    .encodeToString(ca.certificatePem().getBytes(StandardCharsets.US_ASCII))))
        .isEmpty();
    assertThat(
            ClearTextScanner.scan(IntermediateCsr.generate("cluster1", CaKeyType.EC_P256).csrPem()))
        .isEmpty();
    assertThat(publicPem.toString()).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(ClearTextScanner.scan(publicPem.toString())).isEmpty();
    assertThat(
            ClearTextScanner.scan(
                json(
                    "signingPublicKey",
                    SigningKeys.encodePublicKey(SigningKeys.generate().getPublic()))))
        .isEmpty();
    assertThat(ClearTextScanner.scan(json("keyset", RecipientKeys.generate().publicKeyset())))
        .isEmpty();
  }

  @Test
  void sealedCredentialsAndSignaturesAreNotFindings() {
    RecipientKeys recipient = RecipientKeys.generate();
    String kubeconfig =
        RemoteKubeconfig.render("cluster1", "https://10.0.0.1:6443", ca.certificatePem(), SA_TOKEN);
    String sealed =
        CredentialSealer.seal(
            recipient.publicKeyset(),
            kubeconfig.getBytes(StandardCharsets.UTF_8),
            SealContext.remoteSecret("cluster1", "cluster2"));
    String signature =
        RecordSigner.sign(SigningKeys.generate().getPrivate(), "cluster1", sealed.getBytes());

    assertThat(ClearTextScanner.scan(json("sealed", sealed))).isEmpty();
    assertThat(ClearTextScanner.scan(json("signature", signature))).isEmpty();
  }

  @Test
  void aKubeconfigWithoutCredentialsIsNotAFinding() {
    String noCredential =
        """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: %s
            server: https://10.0.0.1:6443
          name: cluster1
        contexts:
        - context:
            cluster: cluster1
            user: cluster1
          name: cluster1
        current-context: cluster1
        kind: Config
        preferences: {}
        users:
        - name: cluster1
          user: {}
        """
            .formatted(
                Base64.getEncoder()
                    .encodeToString(ca.certificatePem().getBytes(StandardCharsets.US_ASCII)));

    assertThat(ClearTextScanner.scan(noCredential)).isEmpty();
  }

  @Test
  void ordinaryEventsAreNotFindings() {
    String status =
        "{\"meshId\":\"mesh1\",\"clusterName\":\"cluster1\",\"phase\":\"Degraded\",\"conditions\":"
            + "[{\"type\":\"RemoteCredentials\",\"status\":\"False\",\"reason\":\"TokenExpired\","
            + "\"message\":\"token: rotation pending for cluster2\"}],\"observedGeneration\":3,"
            + "\"eastWestAddresses\":[{\"address\":\"10.64.30.73\",\"port\":15443}],"
            + "\"apiServerUrl\":\"https://10.64.30.10:6443\",\"reportedAt\":\"2026-03-01T12:00:00Z\","
            + "\"id\":\""
            + UUID.randomUUID()
            + "\"}";

    assertThat(ClearTextScanner.scan(status)).isEmpty();
    assertThat(ClearTextScanner.scan(status.getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ClearTextScanner.scan((byte[]) null)).isEmpty();
  }

  private static List<Kind> kinds(List<Finding> findings) {
    return findings.stream().map(Finding::kind).toList();
  }

  private static String json(String field, String value) {
    return "{\"meshId\":\"mesh1\",\"" + field + "\":\"" + value + "\"}";
  }

  /** A value as it appears inside a JSON string: newlines escaped. */
  private static String escaped(String text) {
    return text.replace("\n", "\\n");
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String pkcs1OrSec1(KeyPair keys) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(keys);
    }
    return out.toString();
  }
}
