package io.meshfed.security.kubeconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/**
 * Finds secrets in clear text: what must never be seen on a Kafka topic. It flags
 *
 * <ul>
 *   <li>{@link Kind#TOKEN}: a JSON Web Token (every Kubernetes service-account token is one);
 *   <li>{@link Kind#PRIVATE_KEY}: a PEM private key of any kind, a DER private key (PKCS#8, SEC1,
 *       PKCS#1) in base64, or a Tink private keyset in base64;
 *   <li>{@link Kind#KUBECONFIG_CREDENTIAL}: a kubeconfig whose user holds a token or a password, or
 *       any {@code client-key-data}.
 * </ul>
 *
 * Base64 runs are decoded and scanned again (two levels deep), so a Secret's data or a
 * base64-encoded kubeconfig is found too. Certificates, public keys, public keysets, ciphertexts
 * and kubeconfigs without credentials are not findings. Findings never quote a secret.
 */
public final class ClearTextScanner {

  /** What kind of secret was found. */
  public enum Kind {
    TOKEN,
    PRIVATE_KEY,
    KUBECONFIG_CREDENTIAL
  }

  /**
   * A secret found in the text.
   *
   * @param kind what it is
   * @param offset where it starts in the scanned text (for a secret inside base64, where the base64
   *     starts)
   * @param description what was seen, without the secret itself
   */
  public record Finding(Kind kind, int offset, String description) {}

  private static final int MAX_DEPTH = 2;

  private static final Pattern PEM_PRIVATE_KEY =
      Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----");
  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}");
  private static final Pattern KUBECONFIG =
      Pattern.compile("current-context|\"?kind\"?\\s*:\\s*\"?Config\\b");
  private static final Pattern USER_CREDENTIAL =
      Pattern.compile(
          "(?<![A-Za-z0-9_-])[\"']?(token|password)[\"']?\\s*:\\s*[\"']?([^\\s\"'\\\\,}]+)");
  private static final Pattern CLIENT_KEY_DATA =
      Pattern.compile("[\"']?client-key-data[\"']?\\s*:\\s*[\"']?([A-Za-z0-9+/=]{16,})");
  private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/]{40,}={0,2}");
  private static final byte[] TINK_PRIVATE_KEY_TYPE =
      "type.googleapis.com/google.crypto.tink.".getBytes(StandardCharsets.US_ASCII);

  private ClearTextScanner() {}

  /** The secrets in {@code bytes} read as UTF-8 (malformed bytes are replaced, not fatal). */
  public static List<Finding> scan(byte[] bytes) {
    return bytes == null ? List.of() : scan(new String(bytes, StandardCharsets.UTF_8));
  }

  /** The secrets in {@code text}. */
  public static List<Finding> scan(String text) {
    List<Finding> findings = new ArrayList<>();
    if (text != null) {
      scan(text, Layer.TOP, findings);
    }
    return List.copyOf(findings);
  }

  private static void scan(String text, Layer layer, List<Finding> out) {
    List<int[]> pemBlocks = pemPrivateKeys(text, layer, out);
    Matcher jwt = JWT.matcher(text);
    while (jwt.find()) {
      out.add(layer.finding(Kind.TOKEN, jwt.start(), "JSON Web Token"));
    }
    kubeconfigCredentials(text, layer, out);
    Matcher run = BASE64_RUN.matcher(text);
    while (run.find()) {
      byte[] decoded = decode(run.group());
      if (decoded == null || within(pemBlocks, run.start())) {
        continue;
      }
      if (isDerPrivateKey(decoded)) {
        out.add(layer.finding(Kind.PRIVATE_KEY, run.start(), "DER private key in base64"));
      } else if (isTinkPrivateKeyset(decoded)) {
        out.add(layer.finding(Kind.PRIVATE_KEY, run.start(), "Tink private keyset in base64"));
      } else if (layer.depth() < MAX_DEPTH && looksLikeText(decoded)) {
        scan(new String(decoded, StandardCharsets.UTF_8), layer.inside(run.start()), out);
      }
    }
  }

  /**
   * Reports PEM private key blocks; returns where they are, so their bodies are not reported again.
   */
  private static List<int[]> pemPrivateKeys(String text, Layer layer, List<Finding> out) {
    List<int[]> blocks = new ArrayList<>();
    Matcher pem = PEM_PRIVATE_KEY.matcher(text);
    while (pem.find()) {
      int end = text.indexOf("-----END", pem.end());
      blocks.add(new int[] {pem.start(), end < 0 ? text.length() : end});
      out.add(
          layer.finding(
              Kind.PRIVATE_KEY, pem.start(), "PEM " + pem.group(1) + "PRIVATE KEY block"));
    }
    return blocks;
  }

  private static void kubeconfigCredentials(String text, Layer layer, List<Finding> out) {
    Matcher clientKey = CLIENT_KEY_DATA.matcher(text);
    while (clientKey.find()) {
      out.add(
          layer.finding(
              Kind.KUBECONFIG_CREDENTIAL, clientKey.start(), "kubeconfig client-key-data"));
    }
    if (KUBECONFIG.matcher(text).find()) {
      Matcher credential = USER_CREDENTIAL.matcher(text);
      while (credential.find()) {
        out.add(
            layer.finding(
                Kind.KUBECONFIG_CREDENTIAL,
                credential.start(),
                "kubeconfig " + credential.group(1)));
      }
    }
  }

  /**
   * How deep in decoded base64 a text lies, and where that base64 began in the scanned text:
   * findings inside decoded base64 point there.
   */
  private record Layer(int origin, int depth) {

    static final Layer TOP = new Layer(0, 0);

    Finding finding(Kind kind, int start, String what) {
      return depth == 0
          ? new Finding(kind, start, what)
          : new Finding(kind, origin, what + " (inside base64)");
    }

    Layer inside(int runStart) {
      return new Layer(depth == 0 ? runStart : origin, depth + 1);
    }
  }

  /** Whether a position lies in the body of a PEM private key already reported. */
  private static boolean within(List<int[]> ranges, int position) {
    return ranges.stream().anyMatch(r -> position >= r[0] && position < r[1]);
  }

  private static byte[] decode(String run) {
    try {
      return Base64.getDecoder().decode(run);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A whole DER structure that is a PKCS#8, SEC1 (EC) or PKCS#1 (RSA) private key. */
  static boolean isDerPrivateKey(byte[] der) {
    ASN1Sequence sequence;
    try {
      if (!(ASN1Primitive.fromByteArray(der) instanceof ASN1Sequence s)) {
        return false;
      }
      sequence = s;
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return isPkcs8(sequence) || isSec1(sequence) || isPkcs1(sequence);
  }

  private static boolean isPkcs8(ASN1Sequence sequence) {
    try {
      return PrivateKeyInfo.getInstance(sequence).getPrivateKey().getOctets().length > 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isSec1(ASN1Sequence sequence) {
    return sequence.size() >= 2
        && sequence.size() <= 4
        && sequence.getObjectAt(0) instanceof ASN1Integer version
        && version.hasValue(1)
        && sequence.getObjectAt(1) instanceof ASN1OctetString;
  }

  private static boolean isPkcs1(ASN1Sequence sequence) {
    try {
      RSAPrivateKey.getInstance(sequence);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A Tink keyset whose key data names a private key type ({@code ...PrivateKey}). */
  private static boolean isTinkPrivateKeyset(byte[] bytes) {
    String latin = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = latin.indexOf(new String(TINK_PRIVATE_KEY_TYPE, StandardCharsets.ISO_8859_1));
    while (at >= 0) {
      int end = at + TINK_PRIVATE_KEY_TYPE.length;
      while (end < latin.length() && Character.isLetterOrDigit(latin.charAt(end))) {
        end++;
      }
      if (latin.substring(at, end).endsWith("PrivateKey")) {
        return true;
      }
      at = latin.indexOf(new String(TINK_PRIVATE_KEY_TYPE, StandardCharsets.ISO_8859_1), end);
    }
    return false;
  }

  /** Mostly printable: decoded text worth scanning again (PEM, YAML, JSON). */
  private static boolean looksLikeText(byte[] bytes) {
    int printable = 0;
    for (byte b : bytes) {
      if ((b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t') {
        printable++;
      }
    }
    return printable >= bytes.length * 0.95;
  }
}
