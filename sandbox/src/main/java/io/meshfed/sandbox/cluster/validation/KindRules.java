package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The checks an API server makes on one kind's fields beyond its metadata. */
@FunctionalInterface
interface KindRules {

  KindRules NONE = (object, old) -> List.of();

  /**
   * @param object the object as it would be stored
   * @param old the stored object on an update, null on a create
   * @return the refused fields, none when the object is valid
   * @throws Json.DecodeException when a field has a JSON type its Go type cannot take
   */
  List<FieldError> validate(ObjectNode object, ObjectNode old);
}
