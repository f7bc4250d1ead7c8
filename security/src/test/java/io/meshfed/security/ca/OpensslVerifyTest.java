package io.meshfed.security.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshfed.security.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same chain checked by OpenSSL, which reads PEM the way Istio's Go code does. Skipped, with a
 * message, where {@code openssl} is not on the PATH.
 */
class OpensslVerifyTest {

  @TempDir Path dir;

  private final TestPki pki = TestPki.forCluster("cluster1");

  @BeforeAll
  static void needsOpenssl() {
    assumeTrue(
        opensslAvailable(),
        "openssl is not on the PATH: skipping the OpenSSL cross-checks of the CA chain");
  }

  @Test
  void opensslVerifiesTheWorkloadThroughTheIntermediateToTheRoot() throws Exception {
    Path root = write("root-cert.pem", pki.issued.rootCertificatePem());
    Path intermediate = write("ca-cert.pem", pki.issued.certificatePem());
    Path leaf = write("workload.pem", Pem.encode(pki.workload("sleep")));

    Result result =
        openssl(
            "verify",
            "-x509_strict",
            "-attime",
            Long.toString(TestPki.NOW.getEpochSecond()),
            "-CAfile",
            root.toString(),
            "-untrusted",
            intermediate.toString(),
            leaf.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains(leaf + ": OK");
  }

  @Test
  void opensslVerifiesTheCacertsChainFile() throws Exception {
    var bundle =
        CaCertsBundle.of(
            pki.issued.certificatePem(), pki.csr.privateKeyPem(), pki.issued.rootCertificatePem());
    Path root = write("root-cert.pem", bundle.rootCertPem());
    Path chain = write("cert-chain.pem", bundle.certChainPem());
    Path intermediate = write("ca-cert.pem", bundle.caCertPem());

    Result result =
        openssl(
            "verify",
            "-x509_strict",
            "-attime",
            Long.toString(TestPki.NOW.getEpochSecond()),
            "-CAfile",
            root.toString(),
            "-untrusted",
            chain.toString(),
            intermediate.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void opensslRefusesTheChainUnderAnotherRoot() throws Exception {
    Path otherRoot =
        write("other-root.pem", TestPki.forCluster("cluster1").issued.rootCertificatePem());
    Path intermediate = write("ca-cert.pem", pki.issued.certificatePem());
    Path leaf = write("workload.pem", Pem.encode(pki.workload("sleep")));

    Result result =
        openssl(
            "verify",
            "-attime",
            Long.toString(TestPki.NOW.getEpochSecond()),
            "-CAfile",
            otherRoot.toString(),
            "-untrusted",
            intermediate.toString(),
            leaf.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("unable to get");
  }

  @Test
  void opensslReadsTheIntermediateAsACaWithPathLengthZero() throws Exception {
    Path intermediate = write("ca-cert.pem", pki.issued.certificatePem());

    Result result = openssl("x509", "-in", intermediate.toString(), "-noout", "-text");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("X509v3 Basic Constraints: critical")
        .contains("CA:TRUE, pathlen:0")
        .contains("X509v3 Key Usage: critical")
        .contains("Certificate Sign, CRL Sign")
        .contains("DNS:istiod.istio-system.svc")
        .contains("L = cluster1");
  }

  @Test
  void opensslReadsTheCaKeyAndFindsItMatchesTheCertificate() throws Exception {
    Path key = write("ca-key.pem", pki.csr.privateKeyPem());
    Path cert = write("ca-cert.pem", pki.issued.certificatePem());

    Result fromKey = openssl("pkey", "-in", key.toString(), "-pubout");
    Result fromCert = openssl("x509", "-in", cert.toString(), "-noout", "-pubkey");

    assertThat(fromKey.exitCode()).as(fromKey.output()).isZero();
    assertThat(fromCert.exitCode()).as(fromCert.output()).isZero();
    assertThat(fromKey.output())
        .startsWith("-----BEGIN PUBLIC KEY-----")
        .isEqualTo(fromCert.output());
  }

  @Test
  void importsARootMadeWithOpensslAndSignsWithIt() throws Exception {
    Path key = dir.resolve("root-key.pem");
    Path cert = dir.resolve("root-cert.pem");
    Result genkey =
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
    Result req =
        openssl(
            "req",
            "-x509",
            "-new",
            "-key",
            key.toString(),
            "-days",
            "3650",
            "-subj",
            "/O=Istio/CN=Root CA",
            "-addext",
            "basicConstraints=critical,CA:true",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-out",
            cert.toString());
    assertThat(genkey.exitCode()).as(genkey.output()).isZero();
    assertThat(req.exitCode()).as(req.output()).isZero();
    assertThat(Files.readString(key)).startsWith("-----BEGIN EC PRIVATE KEY-----");

    MeshRootCa imported = MeshRootCa.fromPem(Files.readString(cert), Files.readString(key));
    IntermediateCsr csr = IntermediateCsr.generate("cluster1", CaKeyType.EC_P256);
    IssuedIntermediate issued =
        new CsrSigner(imported, java.time.Duration.ofDays(30), java.time.Clock.systemUTC())
            .sign("cluster1", csr.csrPem());
    Path intermediate = write("ca-cert.pem", issued.certificatePem());

    Result verify =
        openssl("verify", "-x509_strict", "-CAfile", cert.toString(), intermediate.toString());
    assertThat(verify.exitCode()).as(verify.output()).isZero();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
  }

  private record Result(int exitCode, String output) {}

  private static Result openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("openssl " + String.join(" ", args) + " did not finish");
    }
    return new Result(process.exitValue(), output);
  }

  private static boolean opensslAvailable() {
    try {
      Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
