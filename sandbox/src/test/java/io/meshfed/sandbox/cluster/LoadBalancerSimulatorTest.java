package io.meshfed.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LoadBalancer Services get addresses from the cluster's pool, like MetalLB gives them. */
class LoadBalancerSimulatorTest {

  private static final String NS = "istio-system";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private SimulatedCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void loadBalancersGetPoolAddressesInOrderAndOthersNone() {
    KubernetesClient client = start(AddressPool.ips("10.64.30.71-10.64.30.73"));
    create(client, "istio-eastwestgateway", "LoadBalancer");
    awaitIngress(client, "istio-eastwestgateway", "10.64.30.71");
    create(client, "istiod-lb", "LoadBalancer");
    awaitIngress(client, "istiod-lb", "10.64.30.72");
    create(client, "istiod", "ClusterIP");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.loadBalancers().addressOf(NS, "istiod-lb"))
                    .contains("10.64.30.72"));
    assertThat(ingress(client, "istiod")).isEmpty();
    assertThat(ingress(client, "istio-eastwestgateway"))
        .singleElement()
        .satisfies(i -> assertThat(i.getHostname()).isNull());
  }

  @Test
  void aDelayedLoadBalancerLeavesServicesPendingForThatLong() {
    KubernetesClient client = start(AddressPool.ips("10.64.30.71"));
    cluster.loadBalancers().delay(Duration.ofSeconds(2));
    long created = System.nanoTime();
    create(client, "istio-eastwestgateway", "LoadBalancer");

    awaitIngress(client, "istio-eastwestgateway", "10.64.30.71");

    assertThat(Duration.ofNanos(System.nanoTime() - created))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void hostnamePoolsGiveHostnames() {
    KubernetesClient client = start(AddressPool.hostnames("a1b2.elb.us-east-1.example.com"));
    create(client, "istio-eastwestgateway", "LoadBalancer");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(ingress(client, "istio-eastwestgateway"))
                    .singleElement()
                    .satisfies(
                        i -> {
                          assertThat(i.getHostname()).isEqualTo("a1b2.elb.us-east-1.example.com");
                          assertThat(i.getIp()).isNull();
                        }));
  }

  @Test
  void aServiceKeepsItsAddressAcrossRestartsAndRecreation() {
    KubernetesClient client = start(AddressPool.ips("10.64.30.75-10.64.30.77"));
    create(client, "first", "LoadBalancer");
    awaitIngress(client, "first", "10.64.30.75");
    create(client, "second", "LoadBalancer");
    awaitIngress(client, "second", "10.64.30.76");

    // A restarted controller adopts what Services already have instead of handing it out again.
    cluster.loadBalancers().close();
    client.services().inNamespace(NS).withName("first").delete();
    await()
        .atMost(WAIT)
        .until(() -> client.services().inNamespace(NS).withName("first").get() == null);
    try (LoadBalancerSimulator restarted =
        LoadBalancerSimulator.start(
            client, cluster.name(), AddressPool.ips("10.64.30.75-10.64.30.77"))) {
      create(client, "third", "LoadBalancer");
      awaitIngress(client, "third", "10.64.30.75");
      assertThat(ingress(client, "second"))
          .extracting(LoadBalancerIngress::getIp)
          .containsExactly("10.64.30.76");

      // Deleted and created again: the old address if it is free.
      client.services().inNamespace(NS).withName("second").delete();
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(restarted.addressOf(NS, "second")).isEmpty());
      create(client, "second", "LoadBalancer");
      awaitIngress(client, "second", "10.64.30.76");
    }
  }

  @Test
  void reassignReplacesTheAddressAndLeavesOneEntry() {
    KubernetesClient client = start(AddressPool.ips("10.6.136.29-10.6.136.30"));
    create(client, "istio-eastwestgateway", "LoadBalancer");
    awaitIngress(client, "istio-eastwestgateway", "10.6.136.29");
    create(client, "other", "LoadBalancer");
    awaitIngress(client, "other", "10.6.136.30");

    cluster.loadBalancers().reassign(NS, "istio-eastwestgateway", "10.6.136.99");
    awaitIngress(client, "istio-eastwestgateway", "10.6.136.99");

    assertThatThrownBy(
            () -> cluster.loadBalancers().reassign(NS, "istio-eastwestgateway", "10.6.136.30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other");
    create(client, "plain", "ClusterIP");
    assertThatThrownBy(() -> cluster.loadBalancers().reassign(NS, "plain", "10.6.136.50"))
        .hasMessageContaining("not a LoadBalancer");
    assertThatThrownBy(() -> cluster.loadBalancers().reassign(NS, "missing", "10.6.136.50"))
        .hasMessageContaining("no Service");
  }

  @Test
  void anExhaustedPoolLeavesServicesPendingUntilAnAddressIsFreed() {
    KubernetesClient client = start(AddressPool.ips("10.64.30.71"));
    create(client, "first", "LoadBalancer");
    awaitIngress(client, "first", "10.64.30.71");
    create(client, "second", "LoadBalancer");
    assertThat(cluster.loadBalancers().addressOf(NS, "second")).isEmpty();
    assertThat(ingress(client, "second")).isEmpty();

    // No longer a LoadBalancer: the address goes back to the pool.
    Service first = client.services().inNamespace(NS).withName("first").get();
    first.getSpec().setType("ClusterIP");
    client.services().inNamespace(NS).resource(first).update();
    await().atMost(WAIT).untilAsserted(() -> assertThat(ingress(client, "first")).isEmpty());

    // The pending Service gets it without any change of its own.
    awaitIngress(client, "second", "10.64.30.71");
  }

  private KubernetesClient start(AddressPool pool) {
    cluster =
        SimulatedCluster.start(
            SimulatedClusterSpec.of("cluster-lb", "region1", "zone1", null, pool));
    KubernetesClient client = cluster.client();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    return client;
  }

  private static void create(KubernetesClient client, String name, String type) {
    Service service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withType(type)
            .addNewPort()
            .withName("tls")
            .withPort(15443)
            .endPort()
            .endSpec()
            .build();
    client.services().inNamespace(NS).resource(service).create();
  }

  private static void awaitIngress(KubernetesClient client, String name, String ip) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(ingress(client, name))
                    .extracting(LoadBalancerIngress::getIp)
                    .containsExactly(ip));
  }

  private static List<LoadBalancerIngress> ingress(KubernetesClient client, String name) {
    Service s = client.services().inNamespace(NS).withName(name).get();
    if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null) {
      return List.of();
    }
    List<LoadBalancerIngress> list = s.getStatus().getLoadBalancer().getIngress();
    return list == null ? List.of() : list;
  }
}
