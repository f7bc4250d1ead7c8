package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison of RBAC rules with API calls that {@link AgentRbacTest} relies on. */
class RbacRulesTest {

  private final List<HasMetadata> chart =
      List.of(
          new ClusterRoleBuilder()
              .withNewMetadata()
              .withName("agent")
              .endMetadata()
              .withRules(
                  new PolicyRuleBuilder()
                      .withApiGroups("")
                      .withResources("namespaces")
                      .withVerbs("get", "create")
                      .build())
              .build(),
          new RoleBuilder()
              .withNewMetadata()
              .withName("agent")
              .withNamespace("istio-system")
              .endMetadata()
              .withRules(
                  new PolicyRuleBuilder()
                      .withApiGroups("")
                      .withResources("secrets")
                      .withVerbs("get")
                      .build())
              .build());

  private final RbacRules rules = RbacRules.of(chart);

  @Test
  void aRoleAllowsCallsInItsNamespaceOnly() {
    ApiCall inIstio = new ApiCall("get", "", "secrets", "istio-system");
    ApiCall elsewhere = new ApiCall("get", "", "secrets", "default");

    assertThat(rules.forbidden(List.of(inIstio, elsewhere))).containsExactly(elsewhere);
  }

  @Test
  void aClusterRoleAllowsCallsEverywhereButOnlyItsVerbs() {
    ApiCall get = new ApiCall("get", "", "namespaces", "");
    ApiCall delete = new ApiCall("delete", "", "namespaces", "");

    assertThat(rules.forbidden(List.of(get, delete))).containsExactly(delete);
  }

  @Test
  void grantsNoCallNeedsAreReported() {
    List<ApiCall> calls =
        List.of(
            new ApiCall("get", "", "namespaces", ""),
            new ApiCall("get", "", "secrets", "istio-system"));

    assertThat(rules.unused(calls))
        .singleElement()
        .hasToString("ClusterRole: create core/namespaces");
  }

  @Test
  void clusterWideGrantsUsedInOneNamespaceOnlyAreTooWide() {
    RbacRules wide =
        RbacRules.of(
            List.of(
                new ClusterRoleBuilder()
                    .withNewMetadata()
                    .withName("wide")
                    .endMetadata()
                    .withRules(
                        new PolicyRuleBuilder()
                            .withApiGroups("")
                            .withResources("secrets", "namespaces")
                            .withVerbs("get")
                            .build())
                    .build()));
    List<ApiCall> calls =
        List.of(
            new ApiCall("get", "", "secrets", "istio-system"),
            new ApiCall("get", "", "namespaces", ""));

    assertThat(wide.widerThanNeeded(calls))
        .singleElement()
        .hasToString("ClusterRole: get core/secrets");
  }

  @Test
  void wildcardsAreRefused() {
    List<HasMetadata> wildcard =
        List.of(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("all")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("*")
                        .withResources("*")
                        .withVerbs("*")
                        .build())
                .build());

    assertThatThrownBy(() -> RbacRules.of(wildcard)).hasMessageContaining("wildcard");
  }

  @Test
  void callsAreReadInTheFormatsTheAgentMayWrite() {
    String text =
        """
        # verb group/resource namespace ('*' = cluster-scoped)
        create core/secrets istio-system
        list sailoperator.io/istios *
        update sailoperator.io/istios/status *
        get\t\tnamespaces\t
        create,sailoperator.io,istios,-
        patch core secrets istio-system
        list apps deployments istio-system
        """;

    assertThat(ApiCall.parse(text))
        .containsExactly(
            new ApiCall("create", "", "secrets", "istio-system"),
            new ApiCall("list", "sailoperator.io", "istios", ""),
            new ApiCall("update", "sailoperator.io", "istios/status", ""),
            new ApiCall("get", "", "namespaces", ""),
            new ApiCall("create", "sailoperator.io", "istios", ""),
            new ApiCall("patch", "", "secrets", "istio-system"),
            new ApiCall("list", "apps", "deployments", "istio-system"));
  }

  @Test
  void aGrantWithResourceNamesAllowsOnlyCallsOnThoseNamesAndNoCallWithoutAName() {
    RbacRules named =
        RbacRules.of(
            List.of(
                new ClusterRoleBuilder()
                    .withNewMetadata()
                    .withName("agent")
                    .endMetadata()
                    .withRules(
                        new PolicyRuleBuilder()
                            .withApiGroups("")
                            .withResources("namespaces")
                            .withResourceNames("istio-system")
                            .withVerbs("get", "delete", "watch")
                            .build())
                    .build()));
    ApiCall deleteIt = new ApiCall("delete", "", "namespaces", "", "istio-system");
    ApiCall deleteAnother = new ApiCall("delete", "", "namespaces", "", "kube-system");
    ApiCall watchItByName = new ApiCall("watch", "", "namespaces", "", "istio-system");
    ApiCall watchAll = new ApiCall("watch", "", "namespaces", "");

    assertThat(named.forbidden(List.of(deleteIt, deleteAnother, watchItByName, watchAll)))
        .containsExactly(deleteAnother, watchAll);
    assertThat(named.grants())
        .allSatisfy(g -> assertThat(g.names()).containsExactly("istio-system"));
  }

  @Test
  void aCallsNameIsReadWhenTheLineGivesOne() {
    String text =
        """
        get core/namespaces * istio-system
        watch core/serviceaccounts istio-system meshfed-reader
        list core/secrets istio-system -
        delete sailoperator.io istios * default
        """;

    assertThat(ApiCall.parse(text))
        .containsExactly(
            new ApiCall("get", "", "namespaces", "", "istio-system"),
            new ApiCall("watch", "", "serviceaccounts", "istio-system", "meshfed-reader"),
            new ApiCall("list", "", "secrets", "istio-system", ""),
            new ApiCall("delete", "sailoperator.io", "istios", "", "default"));
  }

  @Test
  void aLineOfAnotherShapeIsRefusedNamingIt() {
    assertThatThrownBy(() -> ApiCall.parse("get namespaces\nPOST /api/v1/namespaces x y z"))
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> ApiCall.parse("POST core namespaces -"))
        .hasMessageContaining("unknown verb 'POST'");
  }
}
