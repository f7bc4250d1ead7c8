package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent chart's ClusterRole and Role grant exactly what the agent uses: the agent's component
 * tests record every API call they see the agent make (against the Kubernetes test server) in
 * {@code cluster-agent/target/api-calls.txt}; every call must be allowed, every grant must be used,
 * and nothing cluster-wide may be needed in one namespace only.
 */
class AgentRbacTest {

  /**
   * Grants the agent's code needs on paths its component tests do not record yet: the applier
   * updates (PUT with the resource version) any managed object that drifted from the desired state
   * ({@code ResourceApplier.applyOnce}), but the component tests only drift {@code Istio}. Remove
   * an entry once the tests record it.
   */
  private static final ManagedKindGrants NOT_YET_RECORDED =
      new ManagedKindGrants(
          List.of(
              new ManagedKindGrant("update", "", "namespaces", ""),
              new ManagedKindGrant("update", "sailoperator.io", "istiocnis", ""),
              new ManagedKindGrant("update", "", "secrets", "istio-system"),
              new ManagedKindGrant("update", "", "serviceaccounts", "istio-system"),
              new ManagedKindGrant("update", "", "services", "istio-system"),
              new ManagedKindGrant("update", "apps", "deployments", "istio-system"),
              new ManagedKindGrant("update", "policy", "poddisruptionbudgets", "istio-system"),
              new ManagedKindGrant(
                  "update", "autoscaling", "horizontalpodautoscalers", "istio-system"),
              new ManagedKindGrant("update", "rbac.authorization.k8s.io", "roles", "istio-system"),
              new ManagedKindGrant(
                  "update", "rbac.authorization.k8s.io", "rolebindings", "istio-system"),
              new ManagedKindGrant("update", "networking.istio.io", "gateways", "istio-system"),
              new ManagedKindGrant(
                  "update", "networking.istio.io", "virtualservices", "istio-system")));

  /** A grant named by verb, group, resource and namespace ({@code ""}: the ClusterRole). */
  record ManagedKindGrant(String verb, String group, String resource, String namespace) {
    boolean matches(RbacRules.Grant grant) {
      return verb.equals(grant.verb())
          && group.equals(grant.group())
          && resource.equals(grant.resource())
          && namespace.equals(grant.namespace());
    }
  }

  record ManagedKindGrants(List<ManagedKindGrant> grants) {
    boolean matches(RbacRules.Grant grant) {
      return grants.stream().anyMatch(g -> g.matches(grant));
    }
  }

  private List<ApiCall> calls;
  private RbacRules rules;

  @BeforeEach
  void readCallsAndRenderTheChart() throws Exception {
    String configured = System.getProperty("meshfed.agent.api-calls");
    Path file =
        configured != null
            ? Path.of(configured)
            : DeployDir.root().resolveSibling("cluster-agent").resolve("target/api-calls.txt");
    assumeTrue(
        Files.isRegularFile(file),
        "no recorded agent API calls at "
            + file
            + ": build cluster-agent with its tests first (mvn -B verify builds it before deploy-tests)");
    calls = ApiCall.parse(Files.readString(file));
    assumeTrue(!calls.isEmpty(), file + " records no API call");
    rules =
        RbacRules.of(
            Charts.withoutPeerReader(Charts.render(Charts.AGENT, Charts.required(Charts.AGENT))));
  }

  @Test
  void everyCallTheAgentMakesIsAllowed() {
    assertThat(rules.forbidden(calls)).as("calls the chart's RBAC forbids").isEmpty();
  }

  @Test
  void everyGrantIsUsedByACall() {
    List<RbacRules.Grant> unused =
        rules.unused(calls).stream().filter(g -> !NOT_YET_RECORDED.matches(g)).toList();

    assertThat(unused).as("grants no call of the agent needs").isEmpty();
  }

  @Test
  void grantsKeptForUnrecordedCodePathsAreInTheChart() {
    for (ManagedKindGrant grant : NOT_YET_RECORDED.grants()) {
      assertThat(rules.grants())
          .as("%s is listed as needed but not granted", grant)
          .anyMatch(grant::matches);
    }
  }

  @Test
  void nothingIsGrantedClusterWideThatOneNamespaceWouldDo() {
    assertThat(rules.widerThanNeeded(calls))
        .as("cluster-wide grants used in one namespace")
        .isEmpty();
  }

  @Test
  void everythingButSecretsIsReadByNameChangedAndDeletedOnlyByName() {
    List<String> named = List.of("get", "update", "patch", "delete");
    assertThat(rules.grants())
        .filteredOn(g -> named.contains(g.verb()) && !g.resource().equals("secrets"))
        .as("grants to read one object, change or delete it")
        .isNotEmpty()
        .allSatisfy(g -> assertThat(g.names()).as("names of %s", g).isNotEmpty());
    assertThat(rules.grants())
        .filteredOn(g -> g.clusterWide() && g.verb().equals("delete"))
        .as("cluster-wide deletes")
        .allSatisfy(g -> assertThat(g.names()).as("names of %s", g).isNotEmpty());
  }

  @Test
  void secretsAreReadAndWrittenInIstioSystemOnly() {
    assertThat(calls)
        .filteredOn(c -> c.group().isEmpty() && c.resource().equals("secrets"))
        .allSatisfy(c -> assertThat(c.namespace()).isEqualTo("istio-system"));
    assertThat(rules.grants())
        .filteredOn(g -> g.group().isEmpty() && g.resource().equals("secrets"))
        .allSatisfy(g -> assertThat(g.namespace()).isEqualTo("istio-system"));
  }
}
