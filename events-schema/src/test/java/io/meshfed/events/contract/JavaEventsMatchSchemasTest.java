package io.meshfed.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.EventType;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the Java code writes is what the schemas describe, and reads back the same. */
class JavaEventsMatchSchemasTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void recordWrittenByJavaValidatesAgainstItsSchema(EventType type) throws Exception {
    MeshEvent event = SampleEvents.of(type);

    byte[] wire = EventCodec.encode(event);

    assertThat(EventType.of(event)).isEqualTo(type);
    assertThat(SchemaValidator.validate(type, EventJson.mapper().readTree(wire))).isEmpty();
    assertThat(EventCodec.decode(type.ceType(), wire)).isEqualTo(event);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void emptyCollectionsAreLeftOutAndStillValidate(EventType type) throws Exception {
    MeshEvent event = SampleEvents.of(type);
    byte[] pretty = EventJson.prettyWriter().writeValueAsBytes(event);

    assertThat(SchemaValidator.validate(type, EventJson.mapper().readTree(pretty))).isEmpty();
    assertThat(new String(pretty, StandardCharsets.UTF_8))
        .doesNotContain("[]")
        .doesNotContain("null");
  }
}
