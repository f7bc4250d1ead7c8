package io.meshfed.hub.intake;

import static io.meshfed.hub.intake.StatusReplays.Fate.KEEP;
import static io.meshfed.hub.intake.StatusReplays.Fate.REPLAYED;
import static io.meshfed.hub.intake.StatusReplays.Fate.SUPERSEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.hub.registry.ObservedCluster;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which reports are new, which are set aside within their batch, which are sent again. */
class StatusReplaysTest {

  private static final OptionalLong NONE = OptionalLong.empty();

  @Test
  void aGreaterSequenceThanTheLastTakenInIsNew() {
    assertThat(StatusReplays.decide(5, NONE, 6)).isEqualTo(KEEP);
    assertThat(StatusReplays.decide(0, NONE, 1)).isEqualTo(KEEP);
  }

  @Test
  void theSameOrAnEarlierSequenceThanTheLastTakenInIsAReplay() {
    assertThat(StatusReplays.decide(5, NONE, 5)).isEqualTo(REPLAYED);
    assertThat(StatusReplays.decide(5, NONE, 3)).isEqualTo(REPLAYED);
    assertThat(StatusReplays.decide(5, OptionalLong.of(9), 4)).isEqualTo(REPLAYED);
  }

  /** A busy cluster's batch holds several of its reports: the greatest is kept, none replayed. */
  @Test
  void withinABatchTheGreatestSequenceIsKeptAndTheOthersAreSuperseded() {
    assertThat(StatusReplays.decide(5, OptionalLong.of(6), 7)).isEqualTo(KEEP);
    assertThat(StatusReplays.decide(5, OptionalLong.of(7), 6)).isEqualTo(SUPERSEDED);
  }

  @Test
  void theSameSequenceTwiceInABatchIsAReplay() {
    assertThat(StatusReplays.decide(5, OptionalLong.of(7), 7)).isEqualTo(REPLAYED);
  }

  @Test
  void aReportWithoutSequenceIsNewOnlyWhileNoSequencedOneWasTakenIn() {
    assertThat(StatusReplays.decide(0, NONE, 0)).isEqualTo(KEEP);
    assertThat(StatusReplays.decide(0, OptionalLong.of(0), 0))
        .as("an older agent's later report in the same batch")
        .isEqualTo(KEEP);
    assertThat(StatusReplays.decide(0, OptionalLong.of(4), 0)).isEqualTo(SUPERSEDED);
    assertThat(StatusReplays.decide(0, OptionalLong.of(0), 4)).isEqualTo(KEEP);
    assertThat(StatusReplays.decide(1, NONE, 0)).isEqualTo(REPLAYED);
  }

  @Test
  void theLastTakenInIsTheSequenceOfTheMembersObservedStatus() {
    MeshRegistry registry =
        MeshRegistry.empty(1)
            .withMesh(new MeshSettings("m", "v1.28.1", null, null))
            .withMember(new Member("m", "b", Role.PRIMARY, null, null, null, null, 1));
    MeshRegistry seen =
        registry.withObserved("b", new ObservedCluster(status(5), Instant.EPOCH, false));

    assertThat(StatusReplays.lastTaken(registry, "b")).isZero();
    assertThat(StatusReplays.lastTaken(seen, "b")).isEqualTo(5);
    assertThat(
            StatusReplays.lastTaken(
                seen.withObserved("b", seen.observed("b").orElseThrow().markUnreachable()), "b"))
        .as("kept while the cluster is unreachable")
        .isEqualTo(5);
    assertThat(StatusReplays.lastTaken(seen.withoutMember("b"), "b")).isZero();
  }

  @Test
  void theMessageSaysWhichSequencesMet() {
    assertThat(StatusReplays.message("b", 5, NONE, 3))
        .contains("cluster b")
        .contains("sequence 3")
        .contains("not greater than 5");
    assertThat(StatusReplays.message("b", 5, NONE, 0)).contains("carries no sequence");
    assertThat(StatusReplays.message("b", 5, OptionalLong.of(7), 7)).contains("a second time");
  }

  private static ClusterStatus status(long sequence) {
    return new ClusterStatus(
            "m",
            "b",
            Phase.READY,
            List.of(),
            1,
            1,
            List.of(),
            "test",
            List.of(),
            null,
            Instant.EPOCH)
        .withSequence(sequence);
  }
}
