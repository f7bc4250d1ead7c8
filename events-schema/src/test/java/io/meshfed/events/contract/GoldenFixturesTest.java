package io.meshfed.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The valid golden fixtures: what old and new code must both read. Each is in the canonical pretty
 * form of {@link EventJson#prettyWriter()} followed by one newline.
 */
class GoldenFixturesTest {

  static List<Fixture> validFixtures() {
    return ContractFiles.valid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFixtures")
  void roundTripsByteForByte(Fixture fixture) throws Exception {
    MeshEvent event = EventCodec.decode(fixture.type().ceType(), fixture.body());

    assertThat(event).isInstanceOf(fixture.type().recordClass());
    String written = EventJson.prettyWriter().writeValueAsString(event) + "\n";
    assertThat(written).isEqualTo(new String(fixture.body(), StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFixtures")
  void readsTheSameThroughTheCompactWireForm(Fixture fixture) throws Exception {
    MeshEvent event = EventCodec.decode(fixture.type().ceType(), fixture.body());

    byte[] wire = EventCodec.encode(event);

    assertThat(new String(wire, StandardCharsets.UTF_8)).doesNotContain("\n");
    assertThat(EventCodec.decode(fixture.type().ceType(), wire)).isEqualTo(event);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFixtures")
  void validatesAgainstItsSchema(Fixture fixture) throws Exception {
    assertThat(
            SchemaValidator.validate(fixture.type(), EventJson.mapper().readTree(fixture.body())))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFixtures")
  void requestsAlsoReadStrictly(Fixture fixture) throws Exception {
    MeshEvent tolerant = EventCodec.decode(fixture.type().ceType(), fixture.body());
    if (tolerant instanceof MembershipRequest) {
      assertThat(EventCodec.decodeStrict(fixture.type().ceType(), fixture.body()))
          .isEqualTo(tolerant);
    }
  }
}
