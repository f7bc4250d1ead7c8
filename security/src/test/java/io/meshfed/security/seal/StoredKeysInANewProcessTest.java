package io.meshfed.security.seal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.protobuf.MessageLite;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keys written by one process are read by the next one (an agent restarted with its keys in a
 * Secret). The reading side runs in class loaders of its own, where Tink has registered nothing
 * yet, as in a new process.
 */
class StoredKeysInANewProcessTest {

  @Test
  void aNewProcessReadsTheStoredPrivateKeyset() throws Exception {
    RecipientKeys keys = RecipientKeys.generate();

    Object publicKeyset = inNewProcess("fromPrivateKeyset", keys.privateKeyset(), "publicKeyset");

    assertThat(publicKeyset).isEqualTo(keys.publicKeyset());
  }

  @Test
  void aNewProcessReadsAPublishedPublicKeyset() throws Exception {
    RecipientKeys keys = RecipientKeys.generate();

    Object size = inNewProcess("parsePublicKeyset", keys.publicKeyset(), "size");

    assertThat(size).isEqualTo(1);
  }

  /**
   * Calls a static method of {@link RecipientKeys} loaded afresh, with Tink and protobuf loaded
   * afresh (their jars only, on top of the platform's classes), then a method of what it returned.
   */
  private static Object inNewProcess(String method, String argument, String then) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (Class<?> c : List.of(RecipientKeys.class, KeysetHandle.class, MessageLite.class)) {
      urls.add(c.getProtectionDomain().getCodeSource().getLocation());
    }
    try (URLClassLoader fresh =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> recipientKeys = fresh.loadClass(RecipientKeys.class.getName());
      Object result = recipientKeys.getMethod(method, String.class).invoke(null, argument);
      return result.getClass().getMethod(then).invoke(result);
    }
  }
}
