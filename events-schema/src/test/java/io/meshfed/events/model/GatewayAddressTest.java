package io.meshfed.events.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a cluster may report as its east-west address, which every primary's meshNetworks lists. */
class GatewayAddressTest {

  @ParameterizedTest
  @ValueSource(strings = {"10.64.30.131", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::1"})
  void ipAddressesAreTaken(String ip) {
    assertThat(new GatewayAddress(ip, null, 15443).host()).isEqualTo(ip);
    assertThat(GatewayAddress.of(ip, 15443).ip()).isEqualTo(ip);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.64.30.300",
        "10.64.30",
        "10.64.30.1 ",
        "10.9.0.2\n    - address: 203.0.113.66",
        "fe80::1%eth0",
        "2001:db8::g",
        "example.com",
        ""
      })
  void whatIsNoIpIsRefusedNamingTheField(String ip) {
    assertThatThrownBy(() -> new GatewayAddress(ip, null, 15443))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("ip"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a1b2c3-123456789.us-east-1.elb.amazonaws.com",
        "ew.example",
        "gateway",
        "xn--bcher-kva.example"
      })
  void dnsNamesAreTaken(String hostname) {
    assertThat(new GatewayAddress(null, hostname, 15443).host()).isEqualTo(hostname);
    assertThat(GatewayAddress.of(hostname, 15443).hostname()).isEqualTo(hostname);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ew_west.example",
        "ew..example",
        "-ew.example",
        "ew.example.",
        "10.0.0.300",
        "ew.example;curl",
        "ew example"
      })
  void whatIsNoDnsNameIsRefusedNamingTheField(String hostname) {
    assertThatThrownBy(() -> new GatewayAddress(null, hostname, 15443))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("hostname"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void aPortOutOfRangeIsRefused(int port) {
    assertThatThrownBy(() -> new GatewayAddress("10.0.0.1", null, port))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("port"));
  }

  @org.junit.jupiter.api.Test
  void aNameLongerThanDnsAllowsIsRefused() {
    String label = "a".repeat(63);
    String name = String.join(".", label, label, label, label) + ".example";
    assertThat(name.length()).isGreaterThan(GatewayAddress.MAX_HOSTNAME_LENGTH);
    assertThatThrownBy(() -> new GatewayAddress(null, name, 15443))
        .isInstanceOf(InvalidFieldException.class);
    assertThatThrownBy(() -> new GatewayAddress(null, "a".repeat(64) + ".example", 15443))
        .as("a label of 64 characters")
        .isInstanceOf(InvalidFieldException.class);
  }
}
