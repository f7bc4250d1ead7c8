package io.meshfed.security.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * {@link HpkeCipher} seals and opens with BouncyCastle what Tink's {@link HybridEncrypt} and {@link
 * HybridDecrypt} seal and open, byte for byte: Tink is the reference on both sides.
 */
class HpkeCipherTest {

  private static final RecipientKeys CLUSTER2 = RecipientKeys.generate();
  private static final RecipientKeys CLUSTER3 = RecipientKeys.generate();
  private static final SealContext TO_CLUSTER2 = SealContext.remoteSecret("cluster1", "cluster2");
  private static final byte[] INFO = TO_CLUSTER2.bytes();
  private static final byte[][] PLAINTEXTS = {
    new byte[0],
    new byte[32],
    "apiVersion: v1\nkind: Config\n".repeat(60).getBytes(StandardCharsets.UTF_8)
  };

  @Test
  void whatItSealsOpensWithTink() throws Exception {
    for (byte[] plaintext : PLAINTEXTS) {
      byte[] sealed = HpkeCipher.seal(publicHandle(CLUSTER2), plaintext, INFO);

      assertThat(tinkDecrypt(CLUSTER2.handle()).decrypt(sealed, INFO)).isEqualTo(plaintext);
    }
    byte[] sealed =
        Base64.getDecoder()
            .decode(CredentialSealer.seal(CLUSTER2.publicKeyset(), PLAINTEXTS[2], TO_CLUSTER2));
    assertThat(tinkDecrypt(CLUSTER2.handle()).decrypt(sealed, INFO)).isEqualTo(PLAINTEXTS[2]);
  }

  @Test
  void itOpensWhatTinkSeals() throws Exception {
    for (byte[] plaintext : PLAINTEXTS) {
      byte[] sealed = tinkEncrypt(publicHandle(CLUSTER2)).encrypt(plaintext, INFO);

      assertThat(HpkeCipher.open(CLUSTER2.handle(), sealed, INFO)).isEqualTo(plaintext);
      assertThat(
              CredentialOpener.open(
                  CLUSTER2, Base64.getEncoder().encodeToString(sealed), TO_CLUSTER2))
          .isEqualTo(plaintext);
    }
  }

  @Test
  void theCiphertextIsTinksLayout() throws Exception {
    KeysetHandle publicKeyset = publicHandle(CLUSTER2);
    byte[] sealed = HpkeCipher.seal(publicKeyset, PLAINTEXTS[1], INFO);
    byte[] tinks = tinkEncrypt(publicKeyset).encrypt(PLAINTEXTS[1], INFO);

    byte[] prefix =
        ByteBuffer.allocate(5).put((byte) 1).putInt(publicKeyset.getPrimary().getId()).array();
    assertThat(sealed).startsWith(prefix).hasSize(5 + 32 + 32 + 16).hasSameSizeAs(tinks);
    assertThat(tinks).startsWith(prefix);
  }

  @Test
  void anotherContextATamperedByteOrAnotherRecipientsKeyOpensNothing() throws Exception {
    byte[] other = SealContext.remoteSecret("cluster3", "cluster2").bytes();
    for (byte[] sealed :
        new byte[][] {
          HpkeCipher.seal(publicHandle(CLUSTER2), PLAINTEXTS[1], INFO),
          tinkEncrypt(publicHandle(CLUSTER2)).encrypt(PLAINTEXTS[1], INFO)
        }) {
      assertRefused(CLUSTER2.handle(), sealed, other);
      assertRefused(CLUSTER2.handle(), sealed, new byte[0]);
      assertRefused(CLUSTER3.handle(), sealed, INFO);
      // The prefix, the encapsulated key, the ciphertext and the tag.
      for (int at : new int[] {0, 4, 5, 36, 37, sealed.length - 1}) {
        byte[] tampered = sealed.clone();
        tampered[at] ^= 0x01;
        assertRefused(CLUSTER2.handle(), tampered, INFO);
      }
      assertRefused(CLUSTER2.handle(), Arrays.copyOf(sealed, sealed.length - 1), INFO);
      assertRefused(CLUSTER2.handle(), Arrays.copyOf(sealed, 36), INFO);
    }
  }

  @Test
  void aKeysetWithTwoKeysOpensCiphertextsOfBoth() throws Exception {
    RecipientKeys before = RecipientKeys.generate();
    byte[] toOldKey = HpkeCipher.seal(publicHandle(before), PLAINTEXTS[1], INFO);
    byte[] toOldKeyByTink = tinkEncrypt(publicHandle(before)).encrypt(PLAINTEXTS[1], INFO);

    KeysetHandle rotated =
        KeysetHandle.newBuilder(before.handle())
            .addEntry(
                KeysetHandle.generateEntryFromParameters(Hpke.PARAMETERS)
                    .withRandomId()
                    .makePrimary())
            .build();
    RecipientKeys after = RecipientKeys.fromPrivateKeyset(serialize(rotated));
    assertThat(after.handle().size()).isEqualTo(2);
    byte[] toNewKey =
        HpkeCipher.seal(RecipientKeys.parsePublicKeyset(after.publicKeyset()), PLAINTEXTS[1], INFO);
    byte[] toNewKeyByTink = tinkEncrypt(publicHandle(after)).encrypt(PLAINTEXTS[1], INFO);

    assertThat(toNewKey).as("sealed to the new primary").startsWith(prefixOf(toNewKeyByTink));
    assertThat(prefixOf(toNewKey)).isNotEqualTo(prefixOf(toOldKey));
    for (byte[] sealed : new byte[][] {toOldKey, toOldKeyByTink, toNewKey, toNewKeyByTink}) {
      assertThat(HpkeCipher.open(after.handle(), sealed, INFO)).isEqualTo(PLAINTEXTS[1]);
      assertThat(tinkDecrypt(after.handle()).decrypt(sealed, INFO)).isEqualTo(PLAINTEXTS[1]);
    }
    assertRefused(before.handle(), toNewKey, INFO);

    KeysetHandle.Builder disabling = KeysetHandle.newBuilder(after.handle());
    disabling.getAt(0).setStatus(KeyStatus.DISABLED);
    KeysetHandle oldKeyDisabled = disabling.build();
    assertThatThrownBy(() -> tinkDecrypt(oldKeyDisabled).decrypt(toOldKey, INFO))
        .as("Tink does not open with a disabled key")
        .isInstanceOf(GeneralSecurityException.class);
    assertRefused(oldKeyDisabled, toOldKey, INFO);
    assertThat(HpkeCipher.open(oldKeyDisabled, toNewKey, INFO)).isEqualTo(PLAINTEXTS[1]);
  }

  private static void assertRefused(KeysetHandle privateKeyset, byte[] sealed, byte[] info) {
    assertThatThrownBy(() -> HpkeCipher.open(privateKeyset, sealed, info))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> tinkDecrypt(privateKeyset).decrypt(sealed, info))
        .as("Tink refuses it too")
        .isInstanceOf(GeneralSecurityException.class);
  }

  private static byte[] prefixOf(byte[] sealed) {
    return Arrays.copyOf(sealed, 5);
  }

  private static KeysetHandle publicHandle(RecipientKeys keys) throws GeneralSecurityException {
    return keys.handle().getPublicKeysetHandle();
  }

  private static HybridEncrypt tinkEncrypt(KeysetHandle publicKeyset)
      throws GeneralSecurityException {
    return publicKeyset.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
  }

  private static HybridDecrypt tinkDecrypt(KeysetHandle privateKeyset)
      throws GeneralSecurityException {
    return privateKeyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
  }

  private static String serialize(KeysetHandle privateKeyset) throws GeneralSecurityException {
    return Base64.getEncoder()
        .encodeToString(
            TinkProtoKeysetFormat.serializeKeyset(privateKeyset, InsecureSecretKeyAccess.get()));
  }
}
