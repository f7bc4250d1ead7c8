package io.meshfed.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressPoolTest {

  @Test
  void expandsMetalLbRangesInOrder() {
    AddressPool pool = AddressPool.ips("10.64.30.71-10.64.30.73", "10.64.30.77");

    assertThat(pool.addresses())
        .containsExactly("10.64.30.71", "10.64.30.72", "10.64.30.73", "10.64.30.77");
    assertThat(pool.isIpPool()).isTrue();
  }

  @Test
  void rangesMayCrossAnOctet() {
    assertThat(AddressPool.ips("10.0.0.254-10.0.1.1").addresses())
        .containsExactly("10.0.0.254", "10.0.0.255", "10.0.1.0", "10.0.1.1");
  }

  @Test
  void hostnamePoolsGiveHostnameIngress() {
    AddressPool pool = AddressPool.hostnames("eastwest-1.elb.example.com");

    assertThat(pool.isIpPool()).isFalse();
    assertThat(AddressPool.ingressOf("eastwest-1.elb.example.com").getHostname())
        .isEqualTo("eastwest-1.elb.example.com");
    assertThat(AddressPool.ingressOf("10.1.2.3").getIp()).isEqualTo("10.1.2.3");
  }

  @Test
  void refusesWhatIsNotAPool() {
    assertThatThrownBy(() -> AddressPool.ips("10.0.0.9-10.0.0.1")).hasMessageContaining("upwards");
    assertThatThrownBy(() -> AddressPool.ips("10.0.0.300")).hasMessageContaining("10.0.0.300");
    assertThatThrownBy(() -> AddressPool.ips("10.0.0.1", "10.0.0.1")).hasMessageContaining("twice");
    assertThatThrownBy(() -> AddressPool.hostnames("Not_A_Host"))
        .hasMessageContaining("Not_A_Host");
    assertThatThrownBy(AddressPool::ips).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new AddressPool(java.util.List.of("10.0.0.1", "lb.example.com")))
        .hasMessageContaining("lb.example.com");
  }
}
