package io.meshfed.events.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The digest a primary reports of the peers' credentials it applied, and the hub computes of the
 * credentials it routes to it: both sides must get the same string from the same pairs, in any
 * order, so its form is fixed here byte for byte.
 */
class AppliedCredentialsTest {

  /** SHA-256 of nothing, unpadded base64url. */
  private static final String OF_NOTHING = "sha256:47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";

  @Test
  void noCredentialAppliedIsTheDigestOfNothing() throws Exception {
    assertThat(AppliedCredentials.digest(Map.of())).isEqualTo(OF_NOTHING).isEqualTo(sha256(""));
  }

  /** Computed apart from this code (sha256 of the lines, base64url without padding). */
  @Test
  void goldenValues() {
    assertThat(AppliedCredentials.digest(Map.of("mdemo-cluster2", "mdemo-cluster2-4")))
        .isEqualTo("sha256:iU8H79fngS9xrnvf1IFoSrSEan9Hk6b_ey9L-HaL5-4");
    assertThat(
            AppliedCredentials.digest(
                Map.of("mdemo-cluster3", "mdemo-cluster3-2", "mdemo-cluster2", "mdemo-cluster2-4")))
        .isEqualTo("sha256:9N__pDFf4RvLV6ZqnzH-Mprqe1c95a_jjRlK9rIlVZk");
  }

  /**
   * One line per peer, {@code <peer> <credentialId>\n}, sorted by peer name as strings (so {@code
   * cluster-10} before {@code cluster-9}), the last line ending in a newline too.
   */
  @Test
  void isTheSha256OfOneLinePerPeerSortedByName() throws Exception {
    Map<String, String> applied = new LinkedHashMap<>();
    applied.put("cluster-9", "cluster-9-1");
    applied.put("cluster-10", "cluster-10-3");
    applied.put("a", "a-7");

    assertThat(AppliedCredentials.digest(applied))
        .isEqualTo(sha256("a a-7\ncluster-10 cluster-10-3\ncluster-9 cluster-9-1\n"))
        .isNotEqualTo(sha256("a a-7\ncluster-10 cluster-10-3\ncluster-9 cluster-9-1"))
        .isNotEqualTo(sha256("cluster-9 cluster-9-1\ncluster-10 cluster-10-3\na a-7\n"))
        .isNotEqualTo(sha256("a\ta-7\ncluster-10\tcluster-10-3\ncluster-9\tcluster-9-1\n"));
  }

  @Test
  void doesNotDependOnTheOrderOfTheMap() {
    Map<String, String> forward = new LinkedHashMap<>();
    Map<String, String> backward = new LinkedHashMap<>();
    Map<String, String> hashed = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      forward.put("cluster-" + i, "cluster-" + i + "-" + (i % 7));
    }
    for (int i = 199; i >= 0; i--) {
      backward.put("cluster-" + i, "cluster-" + i + "-" + (i % 7));
    }
    hashed.putAll(backward);

    String digest = AppliedCredentials.digest(forward);

    assertThat(AppliedCredentials.digest(backward)).isEqualTo(digest);
    assertThat(AppliedCredentials.digest(hashed)).isEqualTo(digest);
    assertThat(AppliedCredentials.digest(new TreeMap<>(forward))).isEqualTo(digest);
  }

  /** What the hub relies on: another id, one peer more or less, is another digest. */
  @Test
  void changesWithEveryPeerAndEveryId() {
    Map<String, String> applied = Map.of("east", "east-3", "west", "west-1");

    String digest = AppliedCredentials.digest(applied);

    assertThat(AppliedCredentials.digest(Map.of("east", "east-3", "west", "west-2")))
        .isNotEqualTo(digest);
    assertThat(AppliedCredentials.digest(Map.of("east", "east-3"))).isNotEqualTo(digest);
    assertThat(
            AppliedCredentials.digest(Map.of("east", "east-3", "west", "west-1", "north", "n-1")))
        .isNotEqualTo(digest);
    assertThat(AppliedCredentials.digest(Map.of("east", "west-1", "west", "east-3")))
        .isNotEqualTo(digest);
  }

  @Test
  void isThePrefixAnd43Base64UrlCharacters() {
    String digest = AppliedCredentials.digest(Map.of("east", "east-3"));

    assertThat(digest).startsWith(AppliedCredentials.PREFIX).hasSize("sha256:".length() + 43);
    assertThat(digest.substring(AppliedCredentials.PREFIX.length())).matches("[A-Za-z0-9_-]{43}");
  }

  private static String sha256(String lines) throws Exception {
    byte[] hash =
        MessageDigest.getInstance("SHA-256").digest(lines.getBytes(StandardCharsets.UTF_8));
    return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
  }

  @Test
  void refusesIdsAndNamesThatWouldMakeTheLinesAmbiguous() {
    assertThatThrownBy(
            () -> AppliedCredentials.digest(Map.of("mdemo-cluster2", "x\nmdemo-cluster3 y")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AppliedCredentials.digest(Map.of("mdemo cluster2", "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new CredentialEnvelope(
                    "remote-secret", "id with space", null, "AAAA", new TreeMap<>()))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("credentialId");
  }
}
