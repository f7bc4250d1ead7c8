package io.meshfed.agent.hosted;

import io.fabric8.mockwebserver.MockWebServer;
import io.meshfed.security.Pem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS of a mock API server as a real cluster has it: a cluster CA, which kubeconfigs carry as
 * {@code certificate-authority-data}, and a serving certificate it signed for the address the
 * server listens on, put on the mock's HTTPS listener. A client that verifies the server against
 * the kubeconfig's CA, as the agent does, connects; one that does not know the CA fails TLS.
 *
 * <p>The sandbox module does the same for its simulated clusters ({@code ClusterPki}, {@code
 * ServingCertificate}); the agent's tests cannot depend on it (the sandbox depends on the agent),
 * so this keeps the least of it: one CA, one serving certificate with the listen address as its
 * only subject alternative name.
 *
 * <p>The Fabric8 mock's {@code useHttps()} presents a self-signed certificate for {@code localhost}
 * and offers no way to choose another. Vert.x lets a running server take new TLS options ({@link
 * HttpServer#updateSSLOptions}); the mock keeps its server in a private field, reached here by
 * reflection (mockwebserver 7.5.2, pinned by the project's BOM).
 *
 * @param caPem the cluster CA certificate, PEM
 * @param certificatePem the serving certificate, PEM
 * @param keyPem the serving certificate's private key, PKCS#8 PEM
 */
record MockApiServerTls(String caPem, String certificatePem, String keyPem) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VALIDITY = Duration.ofDays(1);

  /**
   * Issues a CA and a serving certificate for one address.
   *
   * @param cluster the cluster's name (the CA's common name)
   * @param address the IP address the server listens on and clients connect to
   */
  static MockApiServerTls issue(String cluster, InetAddress address) {
    try {
      KeyPair caKey = keyPair();
      KeyPair serverKey = keyPair();
      Instant now = Instant.now().minusSeconds(60);
      X500Name caName = new X500Name("CN=kubernetes-ca-" + cluster);
      X509Certificate ca =
          sign(
              new JcaX509v3CertificateBuilder(
                      caName,
                      serial(),
                      Date.from(now),
                      Date.from(now.plus(VALIDITY)),
                      caName,
                      caKey.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(
                          KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)),
              caKey);
      X509Certificate server =
          sign(
              new JcaX509v3CertificateBuilder(
                      caName,
                      serial(),
                      Date.from(now),
                      Date.from(now.plus(VALIDITY)),
                      new X500Name("CN=kube-apiserver"),
                      serverKey.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                  .addExtension(
                      Extension.extendedKeyUsage,
                      false,
                      new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                  .addExtension(
                      Extension.subjectAlternativeName,
                      false,
                      new GeneralNames(
                          new GeneralName(
                              GeneralName.iPAddress, new DEROctetString(address.getAddress())))),
              caKey);
      return new MockApiServerTls(
          Pem.encode(ca), Pem.encode(server), Pem.encode(serverKey.getPrivate()));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue the API server certificates of " + cluster, e);
    }
  }

  /** The CA as a kubeconfig carries it ({@code certificate-authority-data}). */
  String caData() {
    return Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Replaces the certificate of {@code web}, started with {@code useHttps()}, with this serving
   * certificate.
   */
  void install(MockWebServer web) {
    SSLOptions options =
        new SSLOptions()
            .setKeyCertOptions(
                new PemKeyCertOptions()
                    .addCertValue(Buffer.buffer(certificatePem))
                    .addKeyValue(Buffer.buffer(keyPem)));
    try {
      Boolean updated =
          httpServer(web)
              .updateSSLOptions(options, true)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      if (!Boolean.TRUE.equals(updated)) {
        throw new IllegalStateException("the mock API server kept its own certificate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting the serving certificate", e);
    } catch (Exception e) {
      throw new IllegalStateException("the mock API server did not take the certificate", e);
    }
  }

  private static HttpServer httpServer(MockWebServer web) {
    try {
      Field field = MockWebServer.class.getDeclaredField("httpServer");
      field.setAccessible(true);
      return (HttpServer) field.get(web);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "MockApiServerTls: this mockwebserver version keeps no HttpServer in 'httpServer'", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }
}
