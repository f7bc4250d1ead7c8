package io.meshfed.security;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.encoders.DecoderException;

/**
 * Reads and writes the PEM texts this library exchanges: certificates, PKCS#10 requests and private
 * keys. Writing is deterministic (64-column lines, {@code \n}); reading accepts what OpenSSL and
 * Kubernetes tooling write. Bad input is an {@link IllegalArgumentException} that names the field.
 */
public final class Pem {

  private static final Base64.Encoder BODY =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  /** One certificate as PEM. */
  public static String encode(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot encode certificate", e);
    }
  }

  /** Certificates as concatenated PEM blocks, in the order given. */
  public static String encode(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    certificates.forEach(c -> out.append(encode(c)));
    return out.toString();
  }

  /** A private key as unencrypted PKCS#8 ({@code PRIVATE KEY}), as Istio's cacerts accepts. */
  public static String encode(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** A PKCS#10 certificate signing request ({@code CERTIFICATE REQUEST}). */
  public static String encode(PKCS10CertificationRequest csr) {
    try {
      return block("CERTIFICATE REQUEST", csr.getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode certificate request", e);
    }
  }

  /**
   * Every certificate in a PEM text, in order.
   *
   * @throws IllegalArgumentException if the text holds no certificate or anything that is not one
   */
  public static List<X509Certificate> certificates(String pem, String field) {
    Names.requireText(pem, field);
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object next;
      while ((next = parser.readObject()) != null) {
        if (!(next instanceof X509CertificateHolder holder)) {
          throw new IllegalArgumentException(
              field + " holds a " + describe(next) + " where only certificates are expected");
        }
        out.add(converter.getCertificate(holder));
      }
    } catch (IOException | CertificateException | DecoderException e) {
      throw new IllegalArgumentException(field + " is not valid PEM: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(field + " holds no PEM certificate");
    }
    return List.copyOf(out);
  }

  /**
   * The one certificate in a PEM text.
   *
   * @throws IllegalArgumentException if there is not exactly one
   */
  public static X509Certificate certificate(String pem, String field) {
    List<X509Certificate> all = certificates(pem, field);
    if (all.size() != 1) {
      throw new IllegalArgumentException(
          field + " holds " + all.size() + " certificates where exactly one is expected");
    }
    return all.get(0);
  }

  /**
   * An unencrypted private key: PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}) or
   * PKCS#1 ({@code RSA PRIVATE KEY}).
   */
  public static PrivateKey privateKey(String pem, String field) {
    Names.requireText(pem, field);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object only = parser.readObject();
      if (only == null) {
        throw new IllegalArgumentException(field + " holds no PEM private key");
      }
      if (parser.readObject() != null) {
        throw new IllegalArgumentException(field + " holds more than one PEM block");
      }
      if (only instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (only instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      throw new IllegalArgumentException(
          field + " holds a " + describe(only) + " where an unencrypted private key is expected");
    } catch (IOException | DecoderException e) {
      throw new IllegalArgumentException(field + " is not valid PEM: " + e.getMessage(), e);
    }
  }

  /** The one PKCS#10 request in a PEM text. */
  public static PKCS10CertificationRequest certificateRequest(String pem, String field) {
    Names.requireText(pem, field);
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object only = parser.readObject();
      if (only instanceof PKCS10CertificationRequest csr && parser.readObject() == null) {
        return csr;
      }
      throw new IllegalArgumentException(
          field + " is not exactly one PEM certificate request (CERTIFICATE REQUEST)");
    } catch (IOException | DecoderException e) {
      throw new IllegalArgumentException(field + " is not valid PEM: " + e.getMessage(), e);
    }
  }

  private static String block(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + BODY.encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static String describe(Object pemObject) {
    if (pemObject instanceof PrivateKeyInfo || pemObject instanceof PEMKeyPair) {
      return "private key";
    }
    if (pemObject instanceof PKCS10CertificationRequest) {
      return "certificate request";
    }
    if (pemObject instanceof X509CertificateHolder) {
      return "certificate";
    }
    return pemObject.getClass().getSimpleName();
  }
}
