package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roles, bindings and their names, which only need to be path segments. */
class RbacRulesTest {

  private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";
  private static ApiServerFixture api;

  @BeforeAll
  static void start() {
    api = ApiServerFixture.start();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    api.reached();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void roleNamesArePathSegmentsAndRulesNeedVerbsGroupsAndResources() {
    String path = RBAC + "/namespaces/istio-system/roles";
    assertThat(
            api.post(
                    path,
                    "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"Role\","
                        + "\"metadata\":{\"name\":\"Reader:Secrets\"},\"rules\":[{\"apiGroups\":[\"\"],"
                        + "\"resources\":[\"secrets\"],\"verbs\":[\"get\"]}]}")
                .code())
        .isEqualTo(201);
    assertThat(
            Refusals.causes(
                api.post(
                    path,
                    "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"Role\","
                        + "\"metadata\":{\"name\":\"a/b\"},\"rules\":[{\"resources\":[\"secrets\"]}]}")))
        .containsExactly(
            "metadata.name: FieldValueInvalid: Invalid value: \"a/b\": may not contain '/'",
            "rules[0].verbs: FieldValueRequired: Required value: verbs must contain at least one value",
            "rules[0].apiGroups: FieldValueRequired: Required value: resource rules must supply at"
                + " least one api group");
  }

  @Test
  void aBindingNeedsARoleRefThatNeverChanges() {
    String path = RBAC + "/namespaces/istio-system/rolebindings";
    assertThat(
            Refusals.fields(
                api.post(
                    path,
                    "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\","
                        + "\"metadata\":{\"name\":\"b\"},\"subjects\":[{\"kind\":\"Robot\",\"name\":\"r\"}]}")))
        .containsExactly("roleRef.apiGroup", "roleRef.kind", "roleRef.name", "subjects[0].kind");
    String binding =
        "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\","
            + "\"metadata\":{\"name\":\"sds\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
            + "\"kind\":\"Role\",\"name\":\"sds\"},\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"gw\"}]}";
    assertThat(api.post(path, binding).code()).isEqualTo(201);
    api.reached();

    ApiServerFixture.Answer answer =
        api.mergePatch(path + "/sds", "{\"roleRef\":{\"name\":\"other\"}}");

    assertThat(Refusals.causes(answer))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c)
                    .startsWith("roleRef: FieldValueInvalid: ")
                    .endsWith(": cannot change roleRef"));
    assertThat(api.reached()).isEmpty();
  }

  @Test
  void aClusterRoleBindingNamesTheNamespaceOfAServiceAccount() {
    ApiServerFixture.Answer answer =
        api.post(
            RBAC + "/clusterrolebindings",
            "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRoleBinding\","
                + "\"metadata\":{\"name\":\"reader\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
                + "\"kind\":\"Role\",\"name\":\"reader\"},\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"r\"}]}");

    assertThat(Refusals.causes(answer))
        .containsExactly(
            "roleRef.kind: FieldValueNotSupported: Unsupported value: \"Role\": supported values:"
                + " \"ClusterRole\"",
            "subjects[0].namespace: FieldValueRequired: Required value");
  }
}
