package io.meshfed.events.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayAddressPoolTest {

  private static final List<String> POOL =
      List.of(
          "10.64.30.0/24", "10.6.136.29", "2001:db8::/64", "ew.example.net", "*.elb.example.com");

  @Test
  void addressesInsideTheBlocksNamesAndSuffixesAreAdmitted() {
    assertThat(admits(GatewayAddress.ip("10.64.30.1"))).isTrue();
    assertThat(admits(GatewayAddress.ip("10.64.30.255"))).isTrue();
    assertThat(admits(GatewayAddress.ip("10.6.136.29"))).isTrue();
    assertThat(admits(GatewayAddress.ip("2001:db8::5"))).isTrue();
    assertThat(admits(GatewayAddress.hostname("ew.example.net"))).isTrue();
    assertThat(admits(GatewayAddress.hostname("a-1.elb.example.com"))).isTrue();
  }

  @Test
  void addressesOutsideAreNot() {
    assertThat(admits(GatewayAddress.ip("10.64.31.1"))).isFalse();
    assertThat(admits(GatewayAddress.ip("10.6.136.30"))).isFalse();
    assertThat(admits(GatewayAddress.ip("2001:db9::5"))).isFalse();
    assertThat(admits(GatewayAddress.hostname("other.example.net"))).isFalse();
    assertThat(admits(GatewayAddress.hostname("elb.example.com"))).as("the suffix alone").isFalse();
    assertThat(admits(GatewayAddress.hostname("x.elb.example.com.evil.net"))).isFalse();
  }

  @Test
  void noPoolAdmitsEveryAddress() {
    assertThat(GatewayAddressPool.admits(null, GatewayAddress.ip("192.0.2.1"))).isTrue();
    assertThat(GatewayAddressPool.admits(List.of(), GatewayAddress.ip("192.0.2.1"))).isTrue();
  }

  @Test
  void malformedEntriesAreNamed() {
    assertThat(GatewayAddressPool.problem(POOL)).isEmpty();
    assertThat(GatewayAddressPool.problem(List.of("10.0.0.0/33")))
        .get()
        .asString()
        .contains("10.0.0.0/33");
    assertThat(GatewayAddressPool.problem(List.of("not a name"))).isPresent();
    assertThat(GatewayAddressPool.problem(List.of("*."))).isPresent();
    assertThat(GatewayAddressPool.problem(java.util.Collections.nCopies(33, "10.0.0.1")))
        .get()
        .asString()
        .contains("at most 32");
  }

  private static boolean admits(GatewayAddress a) {
    return GatewayAddressPool.admits(POOL, a);
  }
}
