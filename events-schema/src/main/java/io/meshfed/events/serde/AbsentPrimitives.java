package io.meshfed.events.serde;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.util.Set;

/**
 * Reads an absent optional {@code long}, {@code int} or {@code boolean} record component as its
 * Java default ({@code 0}, {@code false}), as the JSON Schemas allow, while an explicit {@code
 * null} stays an error naming the field and an absent required component stays a missing field.
 *
 * <p>Without it, {@link
 * com.fasterxml.jackson.databind.DeserializationFeature#FAIL_ON_NULL_FOR_PRIMITIVES} also rejects a
 * record that merely leaves out an optional number, such as a {@code ClusterStatus} without {@code
 * observedGeneration}.
 */
final class AbsentPrimitives {

  private static final Set<Class<?>> PRIMITIVES = Set.of(long.class, int.class, boolean.class);

  private AbsentPrimitives() {}

  static Module module() {
    SimpleModule module = new SimpleModule("meshfed-absent-primitives");
    module.setDeserializers(new Finder());
    return module;
  }

  private static final class Finder extends SimpleDeserializers {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonDeserializer<?> findBeanDeserializer(
        JavaType type, DeserializationConfig config, BeanDescription beanDesc) {
      Class<?> raw = type.getRawClass();
      if (!PRIMITIVES.contains(raw)) {
        return null;
      }
      return new AbsentAsDefault(NumberDeserializers.find(raw, raw.getName()));
    }
  }

  private static final class AbsentAsDefault extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    AbsentAsDefault(JsonDeserializer<?> primitive) {
      super(primitive);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new AbsentAsDefault(newDelegatee);
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) throws JsonMappingException {
      return _delegatee.getEmptyValue(ctxt);
    }
  }
}
