package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The charts' opt-in NetworkPolicies: the hub takes API calls from its callers and scrapes from the
 * monitoring namespace, the agent only scrapes; each reaches no more than it needs.
 */
class NetworkPolicyTest {

  @Test
  void hubTakesApiCallsFromAnyoneAndScrapesOnlyFromTheMonitoringNamespace() {
    List<HasMetadata> objects =
        Charts.render(Charts.HUB, Charts.requiredAnd(Charts.HUB, "networkPolicy.enabled", true));
    NetworkPolicy policy = Charts.one(objects, NetworkPolicy.class);

    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Charts.deployment(objects).getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
    assertThat(ingress).hasSize(2);
    assertThat(ports(ingress.get(0).getPorts())).containsExactly("TCP/8080");
    assertThat(ingress.get(0).getFrom()).as("the API from any source").isEmpty();
    assertThat(ports(ingress.get(1).getPorts())).containsExactly("TCP/9000");
    assertThat(ingress.get(1).getFrom()).singleElement().satisfies(this::isTheMonitoringNamespace);
  }

  @Test
  void hubApiCallersAreConfigurable() {
    NetworkPolicy policy =
        Charts.one(
            Charts.render(
                Charts.HUB,
                Charts.requiredAnd(
                    Charts.HUB,
                    "networkPolicy.enabled",
                    true,
                    "networkPolicy.apiFrom[0].namespaceSelector.matchLabels.team",
                    "platform",
                    "networkPolicy.apiFrom[1].ipBlock.cidr",
                    "10.20.0.0/16",
                    "management.port",
                    9100)),
            NetworkPolicy.class);

    NetworkPolicyIngressRule api = policy.getSpec().getIngress().get(0);
    assertThat(ports(api.getPorts())).containsExactly("TCP/8080");
    assertThat(api.getFrom()).hasSize(2);
    assertThat(api.getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("team", "platform");
    assertThat(api.getFrom().get(1).getIpBlock().getCidr()).isEqualTo("10.20.0.0/16");
    assertThat(ports(policy.getSpec().getIngress().get(1).getPorts())).containsExactly("TCP/9100");
  }

  @Test
  void hubReachesKafkaOnTheBootstrapPortsAndDns() {
    NetworkPolicy policy =
        Charts.one(
            Charts.render(
                Charts.HUB,
                Charts.requiredAnd(
                    Charts.HUB,
                    "networkPolicy.enabled",
                    true,
                    "kafka.bootstrapServers",
                    "kafka-0.kafka:9093,kafka-1.kafka:9093,kafka-2.kafka:9094")),
            NetworkPolicy.class);

    List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
    assertThat(egress).hasSize(2);
    assertThat(ports(egress.get(0).getPorts())).containsExactly("TCP/9093", "TCP/9094");
    assertThat(egress.get(0).getTo()).isEmpty();
    isDns(egress.get(1));
  }

  @Test
  void hubKafkaPeersPortsAndExtraEgressAreConfigurable() {
    NetworkPolicy policy =
        Charts.one(
            Charts.render(
                Charts.HUB,
                Charts.requiredAnd(
                    Charts.HUB,
                    "networkPolicy.enabled",
                    true,
                    "networkPolicy.kafka.to[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name",
                    "kafka",
                    "networkPolicy.kafka.ports[0]",
                    9092,
                    "networkPolicy.extraEgress[0].to[0].ipBlock.cidr",
                    "192.0.2.10/32",
                    "networkPolicy.extraEgress[0].ports[0].port",
                    443)),
            NetworkPolicy.class);

    List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
    assertThat(egress).hasSize(3);
    assertThat(ports(egress.get(0).getPorts())).containsExactly("TCP/9092");
    assertThat(egress.get(0).getTo().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "kafka");
    assertThat(egress.get(2).getTo().get(0).getIpBlock().getCidr()).isEqualTo("192.0.2.10/32");
    assertThat(egress.get(2).getPorts().get(0).getPort().getIntVal()).isEqualTo(443);
  }

  @Test
  void agentTakesNothingButScrapesFromTheMonitoringNamespace() {
    List<HasMetadata> objects =
        Charts.render(
            Charts.AGENT, Charts.requiredAnd(Charts.AGENT, "networkPolicy.enabled", true));
    NetworkPolicy policy = Charts.one(objects, NetworkPolicy.class);

    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Charts.deployment(objects).getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(ports(rule.getPorts())).containsExactly("TCP/9000");
              assertThat(rule.getFrom()).singleElement().satisfies(this::isTheMonitoringNamespace);
            });
  }

  @Test
  void agentWithoutMonitoringPeersTakesNoIngressAtAll() {
    NetworkPolicy policy =
        Charts.one(
            Charts.render(
                Charts.AGENT,
                Charts.requiredAnd(
                    Charts.AGENT,
                    "networkPolicy.enabled",
                    true,
                    "networkPolicy.managementFrom",
                    "null")),
            NetworkPolicy.class);

    assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
    assertThat(policy.getSpec().getIngress()).isEmpty();
  }

  @Test
  void agentReachesKafkaTheApiServerAndDns() {
    NetworkPolicy policy =
        Charts.one(
            Charts.render(
                Charts.AGENT,
                Charts.requiredAnd(
                    Charts.AGENT,
                    "networkPolicy.enabled",
                    true,
                    "networkPolicy.apiServer.to[0].ipBlock.cidr",
                    "172.20.0.1/32")),
            NetworkPolicy.class);

    List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
    assertThat(egress).hasSize(3);
    // Charts.required's kafka.bootstrapServers is kafka-bootstrap.kafka:9093
    assertThat(ports(egress.get(0).getPorts())).containsExactly("TCP/9093");
    assertThat(egress.get(0).getTo()).isEmpty();
    assertThat(ports(egress.get(1).getPorts())).containsExactly("TCP/443", "TCP/6443");
    assertThat(egress.get(1).getTo()).singleElement();
    assertThat(egress.get(1).getTo().get(0).getIpBlock().getCidr()).isEqualTo("172.20.0.1/32");
    isDns(egress.get(2));
  }

  @Test
  void aPeerWithAnIpBlockAndASelectorIsRefused() {
    assertThatThrownBy(
            () ->
                Charts.template(
                    Charts.AGENT,
                    Charts.requiredAnd(
                        Charts.AGENT,
                        "networkPolicy.enabled",
                        true,
                        "networkPolicy.kafka.to[0].ipBlock.cidr",
                        "10.0.0.0/8",
                        "networkPolicy.kafka.to[0].podSelector.matchLabels.app",
                        "kafka")))
        .hasMessageContaining("networkPolicy/kafka/to/0");
  }

  private void isTheMonitoringNamespace(NetworkPolicyPeer peer) {
    assertThat(peer.getNamespaceSelector().getMatchLabels())
        .containsExactlyEntriesOf(java.util.Map.of("kubernetes.io/metadata.name", "monitoring"));
    assertThat(peer.getPodSelector()).isNull();
  }

  private static void isDns(NetworkPolicyEgressRule rule) {
    assertThat(ports(rule.getPorts())).containsExactly("UDP/53", "TCP/53");
    assertThat(rule.getTo())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getNamespaceSelector().getMatchLabels())
                  .containsEntry("kubernetes.io/metadata.name", "kube-system");
              assertThat(peer.getPodSelector().getMatchLabels())
                  .containsEntry("k8s-app", "kube-dns");
            });
  }

  private static List<String> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(p -> p.getProtocol() + "/" + portOf(p.getPort())).toList();
  }

  private static String portOf(IntOrString port) {
    return port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
  }
}
