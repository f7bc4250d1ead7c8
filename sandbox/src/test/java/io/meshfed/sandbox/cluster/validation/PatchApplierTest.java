package io.meshfed.sandbox.cluster.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 7386 and RFC 6902 as an API server applies them. */
class PatchApplierTest {

  private static ObjectNode json(String text) {
    return (ObjectNode) PatchApplier.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode apply(String current, String patch, String type) {
    return PatchApplier.apply(json(current), patch.getBytes(StandardCharsets.UTF_8), type);
  }

  @Test
  void aMergePatchReplacesListsMergesObjectsAndRemovesNulls() {
    ObjectNode result =
        apply(
            "{\"a\":[1,2],\"b\":{\"c\":1,\"d\":2},\"e\":\"x\"}",
            "{\"a\":[3],\"b\":{\"c\":null,\"f\":3},\"e\":{\"g\":1}}",
            PatchApplier.MERGE);

    assertThat(result.toString()).isEqualTo("{\"a\":[3],\"b\":{\"d\":2,\"f\":3},\"e\":{\"g\":1}}");
  }

  @Test
  void theStoreMergesListsAndNullsDifferently() {
    assertThat(PatchApplier.storeMergesDifferently(json("{\"a\":{\"b\":1}}"))).isFalse();
    assertThat(PatchApplier.storeMergesDifferently(json("{\"a\":{\"b\":[1]}}"))).isTrue();
    assertThat(PatchApplier.storeMergesDifferently(json("{\"a\":{\"b\":null}}"))).isTrue();
  }

  @Test
  void aJsonPatchDoesNotCreateParentsNorRemoveWhatIsMissing() {
    PatchApplier.PatchException missingParent =
        catchThrowableOfType(
            PatchApplier.PatchException.class,
            () ->
                apply(
                    "{\"a\":{}}",
                    "[{\"op\":\"add\",\"path\":\"/b/c\",\"value\":1}]",
                    PatchApplier.JSON_PATCH));
    assertThat(missingParent.response().code()).isEqualTo(422);
    PatchApplier.PatchException missingMember =
        catchThrowableOfType(
            PatchApplier.PatchException.class,
            () ->
                apply(
                    "{\"a\":{}}",
                    "[{\"op\":\"remove\",\"path\":\"/a/x\"}]",
                    PatchApplier.JSON_PATCH));
    assertThat(missingMember.response().code()).isEqualTo(422);
    PatchApplier.PatchException notAList =
        catchThrowableOfType(
            PatchApplier.PatchException.class,
            () -> apply("{}", "{\"op\":\"add\"}", PatchApplier.JSON_PATCH));
    assertThat(notAList.response().code()).isEqualTo(400);
  }

  @Test
  void theReplacingPatchTurnsOneObjectIntoTheOther() {
    ObjectNode from = json("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"a\":1},\"gone\":true}");
    ObjectNode to = json("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"a\":[2]}}");

    JsonNode ops = PatchApplier.replacing(from, to);

    assertThat(ops.toString())
        .isEqualTo(
            "[{\"op\":\"add\",\"path\":\"/spec\",\"value\":{\"a\":[2]}},{\"op\":\"remove\",\"path\":\"/gone\"}]");
    assertThat(apply(from.toString(), ops.toString(), PatchApplier.JSON_PATCH)).isEqualTo(to);
  }

  @Test
  void contentTypes() {
    assertThat(PatchApplier.patchType("application/merge-patch+json; charset=utf-8"))
        .isEqualTo(PatchApplier.MERGE);
    assertThat(PatchApplier.patchType("application/json-patch+json"))
        .isEqualTo(PatchApplier.JSON_PATCH);
    assertThat(PatchApplier.patchType("application/strategic-merge-patch+json")).isNull();
    assertThat(PatchApplier.patchType(null)).isNull();
  }
}
