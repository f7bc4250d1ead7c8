package io.meshfed.sandbox.cluster.apiserver;

import io.meshfed.security.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
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
 * The certificates of one simulated API server, as kubeadm makes them ({@code
 * cmd/kubeadm/app/phases/certs/certlist.go}, {@code KubeadmCertAPIServer}): a cluster CA ({@code
 * ca.crt}, the bundle the token controller puts into service-account token Secrets and kubeconfigs
 * carry as {@code certificate-authority-data}) and a serving certificate it signed, whose subject
 * alternative names are the in-cluster names of the {@code kubernetes} Service, the Service's
 * cluster IP, the address the server listens on and any extra names ({@code
 * --apiserver-cert-extra-sans}). A client that reaches the server by another name fails TLS
 * verification, as against a real API server, unless its kubeconfig names one of these as {@code
 * tls-server-name}.
 *
 * @param caPem the cluster CA certificate, PEM
 * @param certificatePem the serving certificate, PEM
 * @param keyPem the serving certificate's private key, PKCS#8 PEM
 * @param names the subject alternative names of the serving certificate (DNS names and IPs)
 */
public record ClusterPki(String caPem, String certificatePem, String keyPem, List<String> names) {

  /** The in-cluster names every kubeadm API server certificate carries. */
  public static final List<String> IN_CLUSTER_NAMES =
      List.of(
          "kubernetes",
          "kubernetes.default",
          "kubernetes.default.svc",
          "kubernetes.default.svc.cluster.local");

  /** The cluster IP of the {@code kubernetes} Service (the first of kubeadm's service CIDR). */
  public static final String KUBERNETES_SERVICE_IP = "10.96.0.1";

  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VALIDITY = Duration.ofDays(365);

  public ClusterPki {
    names = List.copyOf(names);
  }

  /**
   * Issues a new CA and serving certificate.
   *
   * @param cluster the cluster's name (the CA's common name)
   * @param listenAddress the IP the server listens on
   * @param extraNames further DNS names or IPs the certificate carries
   */
  public static ClusterPki issue(String cluster, String listenAddress, List<String> extraNames) {
    Set<String> names = new LinkedHashSet<>(IN_CLUSTER_NAMES);
    names.add(KUBERNETES_SERVICE_IP);
    names.add(listenAddress);
    names.addAll(extraNames);
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
                  .addExtension(Extension.subjectAlternativeName, false, alternativeNames(names)),
              caKey);
      return new ClusterPki(
          Pem.encode(ca),
          Pem.encode(server),
          Pem.encode(serverKey.getPrivate()),
          List.copyOf(names));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue the API server certificates of " + cluster, e);
    }
  }

  private static GeneralNames alternativeNames(Set<String> names) throws UnknownHostException {
    List<GeneralName> general = new ArrayList<>();
    for (String name : names) {
      if (IPV4.matcher(name).matches()) {
        general.add(
            new GeneralName(
                GeneralName.iPAddress,
                new DEROctetString(InetAddress.getByName(name).getAddress())));
      } else {
        general.add(new GeneralName(GeneralName.dNSName, name));
      }
    }
    return new GeneralNames(general.toArray(GeneralName[]::new));
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
