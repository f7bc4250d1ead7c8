package io.meshfed.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.hub.auth.MeshAccess.Right;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeshAccessTest {

  @Test
  void meshAdminReadsAndChangesEveryMesh() {
    Set<String> groups = Set.of("mesh-admin");
    assertThat(MeshAccess.mayWrite(groups, "a")).isTrue();
    assertThat(MeshAccess.mayWrite(groups, "b")).isTrue();
    assertThat(MeshAccess.mayRead(groups, "b")).isTrue();
  }

  @Test
  void aScopedAdminReadsAndChangesItsMeshOnly() {
    Set<String> groups = Set.of("mesh-admin:a");
    assertThat(MeshAccess.mayWrite(groups, "a")).isTrue();
    assertThat(MeshAccess.mayRead(groups, "a")).isTrue();
    assertThat(MeshAccess.mayWrite(groups, "b")).isFalse();
    assertThat(MeshAccess.mayRead(groups, "b")).isFalse();
  }

  @Test
  void viewersReadAndNeverChange() {
    assertThat(MeshAccess.mayRead(Set.of("viewer"), "any")).isTrue();
    assertThat(MeshAccess.mayWrite(Set.of("viewer"), "any")).isFalse();
    assertThat(MeshAccess.mayRead(Set.of("viewer:a"), "a")).isTrue();
    assertThat(MeshAccess.mayRead(Set.of("viewer:a"), "b")).isFalse();
    assertThat(MeshAccess.mayWrite(Set.of("viewer:a"), "a")).isFalse();
  }

  @Test
  void aViewerOfOneMeshAdministersAnother() {
    Set<String> groups = Set.of("viewer:a", "mesh-admin:b");
    assertThat(MeshAccess.allows(groups, "a", Right.READ)).isTrue();
    assertThat(MeshAccess.allows(groups, "a", Right.WRITE)).isFalse();
    assertThat(MeshAccess.allows(groups, "b", Right.WRITE)).isTrue();
  }

  @Test
  void groupsMatchExactly() {
    assertThat(MeshAccess.mayWrite(Set.of("mesh-admin:a"), "ab")).isFalse();
    assertThat(MeshAccess.mayWrite(Set.of("mesh-admin:ab"), "a")).isFalse();
    assertThat(MeshAccess.mayWrite(Set.of("Mesh-Admin"), "a")).isFalse();
    assertThat(MeshAccess.mayRead(Set.of("mesh-adminx"), "a")).isFalse();
    assertThat(MeshAccess.mayRead(Set.of(), "a")).isFalse();
    assertThat(MeshAccess.mayRead(null, "a")).isFalse();
  }

  @Test
  void anyRoleIsAGlobalOrAScopedRoleOfTheApi() {
    assertThat(MeshAccess.holdsAnyRole(Set.of("viewer"))).isTrue();
    assertThat(MeshAccess.holdsAnyRole(Set.of("mesh-admin"))).isTrue();
    assertThat(MeshAccess.holdsAnyRole(Set.of("auditor", "viewer:a"))).isTrue();
    assertThat(MeshAccess.holdsAnyRole(Set.of("mesh-admin:b"))).isTrue();
    assertThat(MeshAccess.holdsAnyRole(Set.of("auditor", "viewer:", "mesh-admin:"))).isFalse();
    assertThat(MeshAccess.holdsAnyRole(Set.of())).isFalse();
    assertThat(MeshAccess.holdsAnyRole(null)).isFalse();
  }

  @Test
  void theNeededGroupsAreNamedForAPerson() {
    assertThat(MeshAccess.needed("b", Right.WRITE))
        .isEqualTo("changing mesh 'b' needs group mesh-admin or mesh-admin:b");
    assertThat(MeshAccess.needed("b", Right.READ)).contains("viewer", "viewer:b", "mesh-admin:b");
  }
}
