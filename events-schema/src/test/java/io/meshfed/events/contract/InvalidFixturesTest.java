package io.meshfed.events.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshfed.events.contract.SchemaValidator.SchemaError;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.events.serde.EventJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invalid fixtures: each breaks one rule, and whoever rejects it names the field at fault, so
 * that a platform team knows what to fix.
 */
class InvalidFixturesTest {

  static List<InvalidFixture> invalidFixtures() {
    return ContractFiles.invalid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFixtures")
  void schemaRejectsItNamingTheField(InvalidFixture invalid) throws Exception {
    Fixture fixture = invalid.fixture();

    List<SchemaError> errors =
        SchemaValidator.validate(fixture.type(), EventJson.mapper().readTree(fixture.body()));

    assertThat(errors).as("schema errors of %s", invalid).isNotEmpty();
    assertThat(errors)
        .as("%s: every error is about %s (the fixture breaks one rule)", invalid, invalid.field())
        .allSatisfy(e -> assertThat(isAtOrUnder(e.field(), invalid.field())).isTrue());
    assertThat(errors)
        .as("%s: an error names %s", invalid, invalid.field())
        .anySatisfy(
            e -> {
              assertThat(e.field()).isEqualTo(invalid.field());
              assertThat(e.message()).contains(lastName(invalid.field()));
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFixtures")
  void javaReaderBehavesAsTheSidecarSays(InvalidFixture invalid) {
    Fixture fixture = invalid.fixture();
    String ceType = fixture.type().ceType();
    switch (invalid.java()) {
      case REJECTS -> {
        assertRejected(() -> EventCodec.decode(ceType, fixture.body()), invalid.field());
        assertRejected(() -> EventCodec.decodeStrict(ceType, fixture.body()), invalid.field());
      }
      case STRICT -> {
        assertThatCode(() -> EventCodec.decode(ceType, fixture.body())).doesNotThrowAnyException();
        assertRejected(() -> EventCodec.decodeStrict(ceType, fixture.body()), invalid.field());
      }
      case ACCEPTS -> {
        assertThatCode(() -> EventCodec.decode(ceType, fixture.body())).doesNotThrowAnyException();
        assertThatCode(() -> EventCodec.decodeStrict(ceType, fixture.body()))
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void everySidecarBelongsToAFixture() {
    Path root = ContractFiles.directory(ContractFiles.INVALID);
    List<Path> files = ContractFiles.files(root);

    assertThat(files)
        .allSatisfy(
            f -> assertThat(f.toString()).matches(".*\\.json|.*\\" + ContractFiles.SIDECAR));
    assertThat(files.stream().filter(f -> f.toString().endsWith(ContractFiles.SIDECAR)))
        .allSatisfy(
            sidecar -> {
              String name = sidecar.toString();
              String json =
                  name.substring(0, name.length() - ContractFiles.SIDECAR.length()) + ".json";
              assertThat(files).extracting(Path::toString).contains(json);
            });
  }

  private static void assertRejected(Decode decode, String field) {
    EventDecodeException e = catchThrowableOfType(EventDecodeException.class, decode::run);

    assertThat(e).as("EventDecodeException").isNotNull();
    assertThat(e.field()).contains(field);
    assertThat(e.getMessage()).contains(field);
  }

  private static boolean isAtOrUnder(String path, String field) {
    return path.equals(field) || path.startsWith(field + ".") || path.startsWith(field + "[");
  }

  /** The last property name of a path: {@code eastWestAddresses[0]} → {@code eastWestAddresses}. */
  private static String lastName(String field) {
    String last = field.substring(field.lastIndexOf('.') + 1);
    int bracket = last.indexOf('[');
    return bracket < 0 ? last : last.substring(0, bracket);
  }

  @FunctionalInterface
  private interface Decode {
    void run() throws EventDecodeException;
  }
}
